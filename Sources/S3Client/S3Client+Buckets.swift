import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Creates a bucket in the configured region.
    public func createBucket(_ bucket: String) async throws {
        var body: ByteBuffer?
        if configuration.region != "us-east-1" {
            body = ByteBuffer(string: "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>\(xmlEscaped(configuration.region))</LocationConstraint></CreateBucketConfiguration>")
        }
        let response = try await execute(Operation(method: .PUT, bucket: bucket, body: body))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
    }

    /// Succeeds when the bucket exists and the credentials may use it; throws `S3Error` otherwise
    /// (`NotFound`/404, `Forbidden`/403).
    public func headBucket(_ bucket: String) async throws {
        _ = try await execute(Operation(method: .HEAD, bucket: bucket))
    }

    /// Deletes an empty bucket.
    public func deleteBucket(_ bucket: String) async throws {
        let response = try await execute(Operation(method: .DELETE, bucket: bucket))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
    }

    /// Up to 1000 keys under `prefix` (ListObjectsV2, first page).
    public func listObjectKeys(bucket: String, prefix: String = "") async throws -> [String] {
        var query: [(name: String, value: String)] = [("list-type", "2")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        let response = try await execute(Operation(method: .GET, bucket: bucket, query: query))
        let root = try XMLElementNode.parse(try await Self.collect(response.body, upTo: 16 * 1024 * 1024))
        return root.children("Contents").compactMap { $0.childText("Key") }
    }
}
