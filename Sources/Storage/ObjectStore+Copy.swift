import NIOCore

extension ObjectStore {
    /// Streams the source into the destination: one `putObject` up to one part, else a multipart upload.
    public func copyObject(from source: String, to destination: String) async throws {
        let download = try await getObject(key: source, range: nil)
        let partSize = max(minimumPartSize, 8 * 1024 * 1024)
        var buffer = ByteBuffer()
        var uploadID: String?
        var parts: [CompletedPart] = []
        do {
            for try await chunk in download.body {
                var chunk = chunk
                buffer.writeBuffer(&chunk)
                while buffer.readableBytes >= partSize {
                    if uploadID == nil {
                        uploadID = try await createMultipartUpload(key: destination, contentType: download.metadata.contentType)
                    }
                    let part = buffer.readSlice(length: partSize)!
                    parts.append(try await uploadPart(key: destination, uploadID: uploadID!, partNumber: parts.count + 1, body: part))
                    buffer.discardReadBytes()
                }
            }
            guard let uploadID else {
                try await putObject(key: destination, body: buffer, contentType: download.metadata.contentType)
                return
            }
            if buffer.readableBytes > 0 {
                parts.append(try await uploadPart(key: destination, uploadID: uploadID, partNumber: parts.count + 1, body: buffer))
            }
            try await completeMultipartUpload(key: destination, uploadID: uploadID, parts: parts)
        } catch {
            if let uploadID { try? await abortMultipartUpload(key: destination, uploadID: uploadID) }
            throw error
        }
    }
}
