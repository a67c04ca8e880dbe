import S3Client

extension S3Store {
    /// A server-side copy (CopyObject, or UploadPartCopy parts above 5 GiB).
    public func copyObject(from source: String, to destination: String) async throws {
        do {
            try await client.copyObject(sourceBucket: bucket, sourceKey: source, bucket: bucket, key: destination)
        } catch let error as S3Error where error.code == "NoSuchKey" || error.statusCode == 404 {
            throw ObjectStoreError.notFound(key: source)
        } catch {
            throw Self.storeError(for: error)
        }
    }
}
