extension S3Store {
    public func listParts(key: String, uploadID: String) async throws -> [StoredPart] {
        var parts: [StoredPart] = []
        for try await part in client.listParts(bucket: bucket, key: key, uploadID: uploadID) {
            parts.append(StoredPart(partNumber: part.partNumber, etag: part.etag, size: part.size))
        }
        return parts.sorted { $0.partNumber < $1.partNumber }
    }
}
