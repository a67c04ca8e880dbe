import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1

/// An S3 client: SigV4-signed requests over a shared `HTTPClient`, one method per S3 operation.
///
/// Bodies are sent from memory (`ByteBuffer`, hashed and signed, so a retried request repeats the very same
/// bytes); downloads are streamed straight from the HTTP response. Transient failures are retried with
/// `retryPolicy`; each attempt is limited by `timeout`.
public struct S3Client: Sendable {
    public let configuration: S3Configuration
    public let httpClient: HTTPClient
    public let logger: Logger
    /// Time allowed per attempt until a response's head arrives (a download's body may take longer), plus
    /// one second per `minimumUploadRate` bytes of request body, so big parts get the time they need.
    public var timeout: TimeAmount = .seconds(60)
    /// The slowest upload (bytes per second) that is not taken for a stalled connection.
    public var minimumUploadRate = 1024 * 1024
    /// The same for a body streamed from elsewhere (`uploadPart(…, length:, body:)`), which arrives as fast
    /// as its own source sends it: a client on a slow link.
    public var minimumStreamedUploadRate = 32 * 1024
    /// Which failures are retried, how often and how long in total.
    public var retryPolicy = S3RetryPolicy()
    /// Attempts per request, the first included (shorthand for `retryPolicy.maximumAttempts`).
    public var maximumAttempts: Int {
        get { retryPolicy.maximumAttempts }
        set { retryPolicy.maximumAttempts = newValue }
    }
    /// `copyObject` switches to a multipart copy (UploadPartCopy) above this size; S3's single-request
    /// CopyObject limit is 5 GiB.
    public var multipartCopyThreshold: Int64 = 5 * 1024 * 1024 * 1024
    /// Part size of a multipart copy.
    public var multipartCopyPartSize: Int64 = 512 * 1024 * 1024
    /// Where request, retry, byte and latency metrics go; `nil` = the process-wide `MetricsSystem` (see
    /// `S3Metrics` for the names).
    public var metricsFactory: (any MetricsFactory)?

    var metrics: S3Metrics { S3Metrics(factory: metricsFactory) }

    let endpoint: Endpoint
    /// Difference between the server's clock and ours, learned from `RequestTimeTooSkewed` answers.
    let clock = S3ServerClock()

    public init(configuration: S3Configuration, httpClient: HTTPClient, logger: Logger) throws {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
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
            self.host = host.lowercased()
            let path = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
            self.basePath = URIEncoding.encodePath(path)
            let bareHost = rawHost.lowercased()
            self.hasDNSName =
                !(bareHost == "localhost" || bareHost.contains(":")
                || bareHost.split(separator: ".").allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) })
        }

        /// `false` for IP addresses and `localhost`, which can't carry a bucket as a subdomain.
        var hasDNSName: Bool
    }

    /// One S3 request before signing.
    struct Operation {
        /// The S3 API name (`PutObject`, ...), for logs and metrics.
        var name: String
        var method: HTTPMethod
        var bucket: String?
        var key: String?
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var body: ByteBuffer?
        /// A body read from a stream while it is sent (`uploadPart(…, length:, body:)`): its bytes can be
        /// sent once, so a failed attempt is repeated only while the HTTP client hasn't begun reading it.
        var streamedBody: StreamedBody?
        /// Whether sending it twice is harmless, so that a connection lost after sending may be retried.
        var idempotent = true
        /// `false` when the caller retries on its own terms (CompleteMultipartUpload).
        var retried = true
        /// The body is object data (PutObject, UploadPart), sent unsigned when `payloadSigning` says so.
        var bulkBody = false

        /// Bytes of request body.
        var bodyLength: Int64 { streamedBody?.length ?? Int64(body?.readableBytes ?? 0) }

        /// Whether another attempt can send the same request: always for a body in memory; for a streamed
        /// one, only while none of its bytes were taken.
        var canRepeat: Bool { !(streamedBody?.started() ?? false) }
    }

    /// A request body of known length that is not in memory.
    struct StreamedBody {
        var length: Int64
        var body: HTTPClientRequest.Body
        /// Whether the HTTP client has begun reading `body` (see `ReadOnceBody`).
        var started: @Sendable () -> Bool
    }

    /// Host and encoded path for a bucket/key, path-style or virtual-hosted. Virtual-hosted addressing needs
    /// a DNS-compatible bucket name (no dots over https, no upper case) and an endpoint that is a DNS name (not
    /// an IP address or `localhost`); otherwise path style is used.
    func location(bucket: String?, key: String?) throws -> (host: String, path: String) {
        var host = endpoint.host
        var path = endpoint.basePath
        if let bucket {
            guard !bucket.isEmpty, !bucket.contains("/") else { throw S3ClientError.invalidBucketName(bucket) }
            if configuration.forcePathStyle || !endpoint.hasDNSName || !Self.isVirtualHostable(bucket, scheme: endpoint.scheme) {
                path += "/" + URIEncoding.encode(bucket)
            } else {
                host = bucket + "." + host
            }
        }
        if let key {
            guard !key.isEmpty else { throw S3ClientError.invalidKey(key) }
            path += "/" + URIEncoding.encodePath(key)
        }
        return (host, path.isEmpty ? "/" : path)
    }

    static func isVirtualHostable(_ bucket: String, scheme: String) -> Bool {
        guard (3...63).contains(bucket.utf8.count), !(scheme == "https" && bucket.contains(".")) else { return false }
        return bucket.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        } && bucket.first != "-" && bucket.last != "-"
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
