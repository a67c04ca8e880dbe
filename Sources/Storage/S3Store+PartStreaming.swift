import NIOCore
import S3Client

extension S3Store: PartStreamingStore {
    public var streamsParts: Bool { client.sendsObjectDataUnsigned }

    public func uploadPart<Body: AsyncSequence & Sendable>(
        key: String, uploadID: String, partNumber: Int, length: Int64, body: Body
    ) async throws -> CompletedPart where Body.Element == ByteBuffer {
        let etag = try await client.uploadPart(bucket: bucket, key: key, uploadID: uploadID, partNumber: partNumber,
                                               length: length, body: body)
        return CompletedPart(partNumber: partNumber, etag: etag)
    }

    /// Rewrites the object from its own first `size` bytes on the server (UploadPartCopy, 1 GiB a part).
    public func truncateObject(key: String, toSize size: Int64, contentType: String?) async throws {
        guard size > 0 else {
            try await putObject(key: key, body: ByteBuffer(), contentType: contentType)
            return
        }
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
