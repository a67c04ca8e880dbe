import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Stores `body` under `key` and returns the object's ETag.
    @discardableResult
    public func putObject(bucket: String, key: String, body: ByteBuffer, contentType: String? = nil) async throws -> String? {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("content-type", contentType)) }
        let response = try await execute(Operation(method: .PUT, bucket: bucket, key: key, headers: headers, body: body))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
        return response.headers.first(name: "etag").flatMap(unquotedETag)
    }

    /// The object's metadata, or `nil` when there is no object under `key` (404).
    public func headObject(bucket: String, key: String) async throws -> S3ObjectHead? {
        let response = try await execute(Operation(method: .HEAD, bucket: bucket, key: key), accepting: [404])
        if response.status == .notFound { return nil }
        let size = response.headers.first(name: "content-length").flatMap { Int64($0) } ?? 0
        return S3ObjectHead(headers: response.headers, size: size)
    }

    /// Streams the object, or the inclusive byte `range` of it. Throws `S3Error` (`NoSuchKey`/404,
    /// `InvalidRange`/416).
    public func getObject(bucket: String, key: String, range: ClosedRange<Int64>? = nil) async throws -> S3GetObjectResponse {
        var headers: [(name: String, value: String)] = []
        if let range { headers.append(("range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        let response = try await execute(Operation(method: .GET, bucket: bucket, key: key, headers: headers))
        let contentLength = response.headers.first(name: "content-length").flatMap { Int64($0) }
        var size = contentLength ?? 0
        var sentRange: ClosedRange<Int64>?
        if response.status == .partialContent,
           let contentRange = response.headers.first(name: "content-range").flatMap(parseContentRange) {
            sentRange = contentRange.range
            size = contentRange.total ?? size
        }
        return S3GetObjectResponse(
            head: S3ObjectHead(headers: response.headers, size: size),
            range: sentRange,
            contentLength: contentLength ?? sentRange.map { $0.upperBound - $0.lowerBound + 1 } ?? size,
            body: response.body
        )
    }

    /// Removes the object; S3 answers success when there is none.
    public func deleteObject(bucket: String, key: String) async throws {
        let response = try await execute(Operation(method: .DELETE, bucket: bucket, key: key))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
    }
}
