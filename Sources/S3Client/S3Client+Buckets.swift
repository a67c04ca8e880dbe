import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Creates a bucket in the configured region. Throws `S3Error` `BucketAlreadyOwnedByYou` /
    /// `BucketAlreadyExists` (409) when the name is taken.
    public func createBucket(_ bucket: String) async throws {
        var body: ByteBuffer?
        if configuration.region != "us-east-1" {
            body = ByteBuffer(
                string: "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(xmlEscaped(configuration.region))</LocationConstraint></CreateBucketConfiguration>")
        }
        let response = try await execute(Operation(name: "CreateBucket", method: .PUT, bucket: bucket, body: body))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
    }

    /// Succeeds when the bucket exists and the credentials may use it; throws `S3Error` otherwise
    /// (`NotFound`/404, `Forbidden`/403).
    public func headBucket(_ bucket: String) async throws {
        _ = try await execute(Operation(name: "HeadBucket", method: .HEAD, bucket: bucket))
    }

    /// Deletes an empty bucket.
    public func deleteBucket(_ bucket: String) async throws {
        let response = try await execute(Operation(name: "DeleteBucket", method: .DELETE, bucket: bucket))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
    }

    /// Deletes a bucket with everything in it: aborts its multipart uploads, deletes its objects, then
    /// the bucket (like `aws s3 rb --force`). For throwaway buckets; there is no undo.
    public func deleteBucketAndContents(_ bucket: String) async throws {
        for try await upload in listMultipartUploads(bucket: bucket) {
            try await abortMultipartUpload(bucket: bucket, key: upload.key, uploadID: upload.uploadID)
        }
        let failures = try await deleteObjects(bucket: bucket, keys: try await listObjectKeys(bucket: bucket))
        if let failure = failures.first {
            throw S3ClientError.unexpectedResponse("could not delete \(failure.key) from \(bucket): \(failure.code)")
        }
        try await deleteBucket(bucket)
    }
}
