import Foundation
import NIOCore

extension S3Client {
    /// Copies an object within or across buckets on the server. Without `options`, the copy keeps the
    /// source's content type and user metadata; with them, they replace it. A source larger than
    /// `multipartCopyThreshold` (5 GiB, the CopyObject limit) is copied as a multipart upload of
    /// UploadPartCopy parts of `multipartCopyPartSize`. Returns the new object's ETag when the server tells it.
    @discardableResult
    public func copyObject(
        sourceBucket: String, sourceKey: String, bucket: String, key: String, options: S3PutOptions? = nil
    ) async throws -> String? {
        guard let source = try await headObject(bucket: sourceBucket, key: sourceKey) else {
            throw S3Error(
                code: "NoSuchKey", message: "the copy source \(sourceBucket)/\(sourceKey) does not exist",
                statusCode: 404, resource: sourceKey)
        }
        if source.size > multipartCopyThreshold {
            return try await multipartCopy(
                source: source, sourceBucket: sourceBucket, sourceKey: sourceKey,
                bucket: bucket, key: key, options: options)
        }
        var headers = [("x-amz-copy-source", Self.copySource(bucket: sourceBucket, key: sourceKey))]
        if let options {
            headers.append(("x-amz-metadata-directive", "REPLACE"))
            headers += try options.objectHeaders()
        }
        let response = try await execute(Operation(name: "CopyObject", method: .PUT, bucket: bucket, key: key, headers: headers))
        let root = try await Self.checkedXML(response, limit: 1024 * 1024)
        return root.childText("ETag").flatMap(unquotedETag)
    }

    /// Copies bytes `range` of the source object into part `partNumber` of a multipart upload; returns the
    /// part's ETag.
    public func uploadPartCopy(
        sourceBucket: String, sourceKey: String, range: ClosedRange<Int64>? = nil,
        bucket: String, key: String, uploadID: String, partNumber: Int, sourceETag: String? = nil
    ) async throws -> String {
        var headers = [("x-amz-copy-source", Self.copySource(bucket: sourceBucket, key: sourceKey))]
        if let range { headers.append(("x-amz-copy-source-range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        if let sourceETag { headers.append(("x-amz-copy-source-if-match", quotedETag(sourceETag))) }
        let response = try await execute(
            Operation(
                name: "UploadPartCopy", method: .PUT, bucket: bucket, key: key,
                query: [("partNumber", String(partNumber)), ("uploadId", uploadID)], headers: headers))
        let root = try await Self.checkedXML(response, limit: 1024 * 1024)
        guard let etag = root.childText("ETag").flatMap(unquotedETag) else {
            throw S3ClientError.unexpectedResponse("UploadPartCopy answered without an ETag")
        }
        return etag
    }

    private func multipartCopy(
        source: S3ObjectHead, sourceBucket: String, sourceKey: String, bucket: String, key: String, options: S3PutOptions?
    ) async throws -> String? {
        let target =
            options
            ?? S3PutOptions(
                contentType: source.contentType, contentDisposition: source.contentDisposition,
                cacheControl: source.cacheControl, metadata: source.metadata)
        let partSize = max(multipartCopyPartSize, 5 * 1024 * 1024)
        let uploadID = try await createMultipartUpload(bucket: bucket, key: key, options: target)
        let ranges = stride(from: Int64(0), to: source.size, by: Int(partSize)).map { $0...(min($0 + partSize, source.size) - 1) }
        do {
            // Up to four server-side part copies at a time.
            let parts = try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
                var parts: [S3CompletedPart] = []
                for (index, range) in ranges.enumerated() {
                    if index >= 4, let done = try await group.next() { parts.append(done) }
                    group.addTask {
                        let etag = try await self.uploadPartCopy(
                            sourceBucket: sourceBucket, sourceKey: sourceKey, range: range, bucket: bucket, key: key,
                            uploadID: uploadID, partNumber: index + 1, sourceETag: source.etag)
                        return S3CompletedPart(partNumber: index + 1, etag: etag)
                    }
                }
                for try await done in group { parts.append(done) }
                return parts
            }
            return try await completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts)
        } catch {
            try? await abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
            throw error
        }
    }

    /// `x-amz-copy-source`: `bucket/key`, the key URI-encoded once (`/` kept).
    static func copySource(bucket: String, key: String) -> String {
        URIEncoding.encode(bucket) + "/" + URIEncoding.encodePath(key)
    }
}
