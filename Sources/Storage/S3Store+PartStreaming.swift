import NIOCore
import S3Client

extension S3Store: PartStreamingStore {
    public var streamsParts: Bool { client.sendsObjectDataUnsigned }

    /// The part's bytes are not kept once sent: holding them to resend would need the part buffer that
    /// streaming avoids, and the shared buffer budget is sized for buffered parts only. So the client
    /// repeats an attempt only when it failed before reading any of the body; once bytes have flowed, a
    /// lost connection or a 503 fails the part, and with it the upload, as `ObjectStoreError.unavailable`
    /// — the uploader's client is told to try again later, which restarts the upload whole.
    public func uploadPart<Body: AsyncSequence & Sendable>(
        key: String, uploadID: String, partNumber: Int, length: Int64, body: Body
    ) async throws -> CompletedPart where Body.Element == ByteBuffer {
        let etag = try await translatingFailures {
            try await client.uploadPart(
                bucket: bucket, key: key, uploadID: uploadID, partNumber: partNumber,
                length: length, body: body)
        }
        return CompletedPart(partNumber: partNumber, etag: etag)
    }

    /// Rewrites the object from its own first `size` bytes on the server (UploadPartCopy, 1 GiB a part).
    public func truncateObject(key: String, toSize size: Int64, contentType: String?) async throws {
        guard size > 0 else {
            try await putObject(key: key, body: ByteBuffer(), contentType: contentType)
            return
        }
        try await translatingFailures { try await copyPrefix(key: key, size: size, contentType: contentType) }
    }

    private func copyPrefix(key: String, size: Int64, contentType: String?) async throws {
        let uploadID = try await client.createMultipartUpload(bucket: bucket, key: key, contentType: contentType)
        do {
            let pieceSize: Int64 = 1 << 30
            var parts: [S3CompletedPart] = []
            for start in stride(from: Int64(0), to: size, by: Int(pieceSize)) {
                let partNumber = parts.count + 1
                let etag = try await client.uploadPartCopy(
                    sourceBucket: bucket, sourceKey: key, range: start...(min(start + pieceSize, size) - 1),
                    bucket: bucket, key: key, uploadID: uploadID, partNumber: partNumber)
                parts.append(S3CompletedPart(partNumber: partNumber, etag: etag))
            }
            try await client.completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts)
        } catch {
            try? await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
            throw error
        }
    }
}
