import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Stores `body` under `key` and returns the object's ETag.
    @discardableResult
    public func putObject(bucket: String, key: String, body: ByteBuffer, contentType: String? = nil) async throws -> String? {
        try await putObject(bucket: bucket, key: key, body: body, options: S3PutOptions(contentType: contentType))
    }

    /// Stores `body` under `key` with `options` (metadata, encryption, checksums) and returns the ETag.
    @discardableResult
    public func putObject(bucket: String, key: String, body: ByteBuffer, options: S3PutOptions) async throws -> String? {
        let headers = try options.objectHeaders() + options.checksums.headers(for: body)
        let response = try await execute(
            Operation(
                name: "PutObject", method: .PUT, bucket: bucket, key: key,
                headers: headers, body: body, bulkBody: true))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
        return response.headers.first(name: "etag").flatMap(unquotedETag)
    }

    /// The object's metadata, or `nil` when there is no object under `key` (404).
    public func headObject(bucket: String, key: String) async throws -> S3ObjectHead? {
        let response = try await execute(Operation(name: "HeadObject", method: .HEAD, bucket: bucket, key: key), accepting: [404])
        if response.status == .notFound { return nil }
        let size = response.headers.first(name: "content-length").flatMap { Int64($0) } ?? 0
        return S3ObjectHead(headers: response.headers, size: size)
    }

    /// Streams the object, or the inclusive byte `range` of it, when `conditions` hold. Throws `S3Error`:
    /// `NoSuchKey`/404, `InvalidRange`/416, `NotModified`/304 (`isNotModified`), `PreconditionFailed`/412.
    public func getObject(
        bucket: String, key: String, range: ClosedRange<Int64>? = nil, conditions: S3GetConditions = S3GetConditions()
    ) async throws -> S3GetObjectResponse {
        var headers = conditions.headers
        if let range { headers.append(("range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        let response = try await execute(
            Operation(name: "GetObject", method: .GET, bucket: bucket, key: key, headers: headers),
            accepting: [304])
        if response.status == .notModified {
            throw S3Error(code: "NotModified", requestID: response.headers.first(name: "x-amz-request-id"), statusCode: 304)
        }
        let contentLength = response.headers.first(name: "content-length").flatMap { Int64($0) }
        var size = contentLength ?? 0
        var sentRange: ClosedRange<Int64>?
        if response.status == .partialContent,
            let contentRange = response.headers.first(name: "content-range").flatMap(parseContentRange)
        {
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
        let response = try await execute(Operation(name: "DeleteObject", method: .DELETE, bucket: bucket, key: key))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
    }
}
