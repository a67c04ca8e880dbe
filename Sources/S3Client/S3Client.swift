import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A small S3 client: SigV4-signed requests over a shared `HTTPClient`, one method per S3 operation.
///
/// Bodies are sent from memory (`ByteBuffer`, hashed and signed); downloads are streamed straight from the
/// HTTP response. Requests that fail with 500/502/503/504 or a dropped connection are retried with backoff.
public struct S3Client: Sendable {
    public let configuration: S3Configuration
    public let httpClient: HTTPClient
    public let logger: Logger
    /// Time allowed until a response's head arrives (a download's body may take longer).
    public var timeout: TimeAmount = .seconds(60)
    /// Attempts per request, the first included.
    public var maximumAttempts = 3

    let signer: SigV4Signer
    let endpoint: Endpoint

    public init(configuration: S3Configuration, httpClient: HTTPClient, logger: Logger) throws {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        self.endpoint = try Endpoint(configuration.resolvedEndpoint)
    }

    /// Scheme, `Host` header value and path prefix of the configured endpoint.
    struct Endpoint: Sendable {
        var scheme: String
        var host: String
        var basePath: String

        init(_ url: URL) throws {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let rawHost = url.host, !rawHost.isEmpty
            else { throw S3ClientError.invalidEndpoint(url.absoluteString) }
            var host = rawHost.contains(":") && !rawHost.hasPrefix("[") ? "[\(rawHost)]" : rawHost
            if let port = url.port, port != (scheme == "https" ? 443 : 80) { host += ":\(port)" }
            self.scheme = scheme
            self.host = host
            let path = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
            self.basePath = URIEncoding.encodePath(path)
        }
    }

    /// One S3 request before signing.
    struct Operation {
        var method: HTTPMethod
        var bucket: String?
        var key: String?
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var body: ByteBuffer?
    }

    /// Host and encoded path for a bucket/key, path-style or virtual-hosted.
    func location(bucket: String?, key: String?) throws -> (host: String, path: String) {
        var host = endpoint.host
        var path = endpoint.basePath
        if let bucket {
            guard !bucket.isEmpty, !bucket.contains("/") else { throw S3ClientError.invalidBucketName(bucket) }
            if configuration.forcePathStyle {
                path += "/" + URIEncoding.encode(bucket)
            } else {
                host = bucket + "." + host
            }
        }
        if let key {
            path += "/" + URIEncoding.encodePath(key)
        }
        return (host, path.isEmpty ? "/" : path)
    }

    /// Signs and sends `operation`; returns the response when its status is 2xx (or in `accepting`),
    /// throws `S3Error` otherwise.
    func execute(_ operation: Operation, accepting: Set<Int> = []) async throws -> HTTPClientResponse {
        let (host, path) = try location(bucket: operation.bucket, key: operation.key)
        let payloadHash = operation.body.map(Self.sha256Hex) ?? SigV4Signer.emptyPayloadHash
        let query = SigV4Signer.canonicalQuery(operation.query)
        let url = "\(endpoint.scheme)://\(host)\(path)" + (query.isEmpty ? "" : "?" + query)
        var attempt = 1
        while true {
            let signed = signer.signedHeaders(
                for: SigV4Request(method: operation.method.rawValue, host: host, encodedPath: path,
                                  query: operation.query, headers: operation.headers),
                payloadHash: payloadHash, date: Date()
            )
            var request = HTTPClientRequest(url: url)
            request.method = operation.method
            for (name, value) in signed { request.headers.add(name: name, value: value) }
            if let body = operation.body {
                request.body = .bytes(body)
            } else if operation.method == .PUT || operation.method == .POST {
                request.headers.add(name: "content-length", value: "0")
            }
            do {
                let response = try await httpClient.execute(request, timeout: timeout, logger: logger)
                let status = Int(response.status.code)
                logger.debug("s3 request", metadata: [
                    "s3_method": "\(operation.method.rawValue)", "s3_bucket": "\(operation.bucket ?? "")",
                    "s3_key": "\(operation.key ?? "")", "s3_status": "\(status)",
                ])
                if (200..<300).contains(status) || accepting.contains(status) { return response }
                let error = S3Error.decode(
                    statusCode: status,
                    body: operation.method == .HEAD ? [] : try await Self.collect(response.body, upTo: 64 * 1024),
                    requestID: response.headers.first(name: "x-amz-request-id")
                )
                if attempt < maximumAttempts, [500, 502, 503, 504].contains(status) {
                    try await backoff(attempt: attempt, reason: "\(error)")
                    attempt += 1
                    continue
                }
                throw error
            } catch let error as HTTPClientError where attempt < maximumAttempts && Self.isRetryable(error) {
                try await backoff(attempt: attempt, reason: "\(error)")
                attempt += 1
            }
        }
    }

    private func backoff(attempt: Int, reason: String) async throws {
        logger.warning("s3 request failed, retrying", metadata: ["attempt": "\(attempt)", "reason": "\(reason)"])
        try await Task.sleep(nanoseconds: UInt64(100_000_000 << (attempt - 1)))
    }

    private static func isRetryable(_ error: HTTPClientError) -> Bool {
        [.remoteConnectionClosed, .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded].contains(error)
    }

    /// Reads a (small) response body into memory, failing beyond `limit` bytes.
    static func collect(_ body: HTTPClientResponse.Body, upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in body {
            guard bytes.count + buffer.readableBytes <= limit else {
                throw S3ClientError.unexpectedResponse("response body larger than \(limit) bytes")
            }
            bytes += buffer.readableBytesView
        }
        return bytes
    }

    static func sha256Hex(_ buffer: ByteBuffer) -> String {
        var hasher = SHA256()
        buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().hexString
    }
}
