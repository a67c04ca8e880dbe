import Crypto
import Foundation
import Logging
import MetricsTestKit
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import S3Client

/// What the client puts on the wire, checked against a local fake S3 that records requests: headers passed
/// through and signed, session tokens, error bodies behind 200s, metrics and logs without secrets.
@Suite struct RequestShapeTests {
    final class FakeS3: Sendable {
        let requests = NIOLockedValueBox<[LocalHTTPServer.Request]>([])
        private let server: LocalHTTPServer

        init(answer: @escaping @Sendable (LocalHTTPServer.Request, Int) -> LocalHTTPServer.Response) {
            let requests = requests
            server = LocalHTTPServer { _ in
                .respond { request in
                    let number = requests.withLockedValue {
                        $0.append(request)
                        return $0.count
                    }
                    return answer(request, number)
                }
            }
        }

        func start() async throws -> URL { try await server.start() }
        func shutdown() async { await server.shutdown() }
        var last: LocalHTTPServer.Request? { requests.withLockedValue { $0.last } }
    }

    static let secret = "sEcReT/Key+Value0123456789abcdefghijklmn"

    static func withFake(
        provider: (any S3CredentialsProvider)? = nil, metrics: TestMetrics? = nil, logs: LogCapture? = nil,
        answer: @escaping @Sendable (LocalHTTPServer.Request, Int) -> LocalHTTPServer.Response,
        _ body: (S3Client, FakeS3) async throws -> Void
    ) async throws {
        let fake = FakeS3(answer: answer)
        let url = try await fake.start()
        let configuration = S3Configuration(
            endpoint: url, region: "eu-west-1", forcePathStyle: true,
            credentialsProvider: provider
                ?? S3StaticCredentialsProvider(S3Credentials(accessKeyID: "AKIDFAKE", secretAccessKey: Self.secret)))
        var logger = Logger(label: "fake-s3") { _ in logs ?? LogCapture() }
        logger.logLevel = .debug
        var client = try S3Client(configuration: configuration, httpClient: .shared, logger: logger)
        client.retryPolicy = S3RetryPolicy(maximumAttempts: 3, baseDelay: 0.01, maximumDelay: 0.02)
        client.metricsFactory = metrics
        do { try await body(client, fake) } catch {
            await fake.shutdown()
            throw error
        }
        await fake.shutdown()
    }

    static func ok(etag: String = "\"abc\"") -> @Sendable (LocalHTTPServer.Request, Int) -> LocalHTTPServer.Response {
        { _, _ in .init(status: .ok, headers: [("etag", etag)]) }
    }

    static func signedHeaderNames(_ request: LocalHTTPServer.Request) -> [String] {
        guard let authorization = request.head.headers.first(name: "authorization"),
            let range = authorization.range(of: "SignedHeaders=")
        else { return [] }
        return authorization[range.upperBound...].prefix { $0 != "," }.split(separator: ";").map(String.init)
    }

    @Test func putOptionsAreSentAndSigned() async throws {
        try await Self.withFake(answer: Self.ok()) { client, fake in
            let body = ByteBuffer(string: "Welcome to Amazon S3.")
            let options = S3PutOptions(
                contentType: "text/plain", contentDisposition: "attachment; filename=\"w.txt\"", cacheControl: "no-cache",
                metadata: ["Owner": "u-1", "trace": "t"], serverSideEncryption: .kms(keyID: "arn:aws:kms:eu-west-1:1:key/k"),
                checksums: [.contentMD5, .sha256])
            #expect(try await client.putObject(bucket: "b", key: "dir/w.txt", body: body, options: options) == "abc")
            let request = try #require(fake.last)
            let headers = request.head.headers
            #expect(request.head.uri == "/b/dir/w.txt")
            #expect(headers.first(name: "content-type") == "text/plain")
            #expect(headers.first(name: "content-disposition") == "attachment; filename=\"w.txt\"")
            #expect(headers.first(name: "x-amz-meta-owner") == "u-1")
            #expect(headers.first(name: "x-amz-server-side-encryption") == "aws:kms")
            #expect(headers.first(name: "x-amz-server-side-encryption-aws-kms-key-id") == "arn:aws:kms:eu-west-1:1:key/k")
            #expect(
                headers.first(name: "content-md5")
                    == Data(Insecure.MD5.hash(data: Array("Welcome to Amazon S3.".utf8))).base64EncodedString())
            // base64 of the SHA-256 the AWS PutObject example publishes in hex (44ce7dd6…)
            #expect(headers.first(name: "x-amz-checksum-sha256") == "RM591nyVng01JP+sF3Hfu6h9K2tLTpnkIDSouAP4sHI=")
            #expect(headers.first(name: "x-amz-content-sha256") == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
            let signed = Self.signedHeaderNames(request)
            for name in [
                "content-md5", "content-type", "content-disposition", "host", "x-amz-checksum-sha256",
                "x-amz-meta-owner", "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
            ] {
                #expect(signed.contains(name), "\(name) is not signed")
            }
            #expect(headers.first(name: "authorization")?.contains("/eu-west-1/s3/aws4_request") == true)

            try await client.putObject(bucket: "b", key: "sse-s3", body: body, options: S3PutOptions(serverSideEncryption: .aes256))
            #expect(fake.last?.head.headers.first(name: "x-amz-server-side-encryption") == "AES256")
        }
    }

    @Test func headersHTTPCannotCarryAreRefusedBeforeSending() async throws {
        try await Self.withFake(answer: Self.ok()) { client, fake in
            await #expect(throws: S3ClientError.invalidHeader("x-amz-meta-note")) {
                try await client.putObject(bucket: "b", key: "k", body: ByteBuffer(), options: S3PutOptions(metadata: ["note": "café"]))
            }
            await #expect(throws: S3ClientError.invalidHeader("x-amz-meta-bad name")) {
                _ = try await client.createMultipartUpload(bucket: "b", key: "k", options: S3PutOptions(metadata: ["bad name": "v"]))
            }
            await #expect(throws: S3ClientError.invalidHeader("content-disposition")) {
                try await client.putObject(
                    bucket: "b", key: "k", body: ByteBuffer(),
                    options: S3PutOptions(contentDisposition: "attachment\r\nx-evil: 1"))
            }
            #expect(fake.requests.withLockedValue { $0.isEmpty })
        }
    }

    @Test func sessionTokenFromTheProviderIsSentAndSigned() async throws {
        let provider = S3StaticCredentialsProvider(
            S3Credentials(accessKeyID: "ASIATEMP", secretAccessKey: Self.secret, sessionToken: "tok/en+=="))
        try await Self.withFake(provider: provider, answer: Self.ok()) { client, fake in
            _ = try await client.uploadPart(bucket: "b", key: "k", uploadID: "u/+=", partNumber: 3, body: ByteBuffer(string: "p"))
            let request = try #require(fake.last)
            #expect(request.head.uri == "/b/k?partNumber=3&uploadId=u%2F%2B%3D")
            #expect(request.head.headers.first(name: "x-amz-security-token") == "tok/en+==")
            #expect(Self.signedHeaderNames(request).contains("x-amz-security-token"))
            let url = try await client.presignedURL(.put, bucket: "b", key: "k", expiresIn: 60)
            #expect(url.absoluteString.contains("X-Amz-Security-Token=tok%2Fen%2B%3D%3D"))
        }
    }

    @Test func errorInsideA200AnswerIsThrown() async throws {
        let error = "<Error><Code>InternalError</Code><Message>try again</Message><RequestId>r-1</RequestId></Error>"
        try await Self.withFake(answer: { _, _ in .init(status: .ok, body: ByteBuffer(string: error)) }) { client, _ in
            await #expect(throws: S3Error(code: "InternalError", message: "try again", requestID: "r-1", statusCode: 200)) {
                try await client.completeMultipartUpload(bucket: "b", key: "k", uploadID: "u", parts: [.init(partNumber: 1, etag: "e")])
            }
        }
    }

    @Test func notModifiedIsATypedError() async throws {
        try await Self.withFake(answer: { _, _ in .init(status: .notModified) }) { client, fake in
            do {
                _ = try await client.getObject(
                    bucket: "b", key: "k",
                    conditions: S3GetConditions(
                        ifNoneMatch: "abc", ifModifiedSince: Date(timeIntervalSince1970: 1_369_353_600)))
                Issue.record("a 304 was taken for a body")
            } catch let error as S3Error {
                #expect(error.isNotModified)
                #expect(error.code == "NotModified")
            }
            #expect(fake.last?.head.headers.first(name: "if-none-match") == "\"abc\"")
            #expect(fake.last?.head.headers.first(name: "if-modified-since") == "Fri, 24 May 2013 00:00:00 GMT")
        }
    }

    @Test func deleteObjectsBatchesAndReportsFailures() async throws {
        let answer = "<DeleteResult><Error><Key>a&amp;b</Key><Code>AccessDenied</Code><Message>no</Message></Error></DeleteResult>"
        try await Self.withFake(answer: { _, _ in .init(status: .ok, body: ByteBuffer(string: answer)) }) { client, fake in
            let keys = (0..<2500).map { "k\($0)" } + ["a&b"]
            let failures = try await client.deleteObjects(bucket: "b", keys: keys)
            #expect(failures.count == 3)  // one per batch from this fake
            #expect(failures.first == S3DeleteObjectError(key: "a&b", code: "AccessDenied", message: "no"))
            let requests = fake.requests.withLockedValue { $0 }
            #expect(requests.count == 3)
            #expect(requests.allSatisfy { $0.head.uri == "/b?delete=" && $0.head.headers.first(name: "content-md5") != nil })
            #expect(String(buffer: requests[2].body).contains("<Key>a&amp;b</Key>"))
            #expect(String(buffer: requests[0].body).components(separatedBy: "<Object>").count - 1 == 1000)
        }
    }

    @Test func listingFollowsContinuationTokens() async throws {
        try await Self.withFake(answer: { request, number in
            let body =
                number == 1
                ? "<ListBucketResult><Contents><Key>a</Key><Size>1</Size><ETag>&quot;e1&quot;</ETag><LastModified>2024-01-02T03:04:05.000Z</LastModified></Contents><IsTruncated>true</IsTruncated><NextContinuationToken>t/+=1</NextContinuationToken></ListBucketResult>"
                : "<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>b+%26+c%01</Key><Size>2</Size></Contents><IsTruncated>false</IsTruncated></ListBucketResult>"
            return .init(status: .ok, body: ByteBuffer(string: body))
        }) { client, fake in
            let objects = try await client.listObjects(bucket: "b", prefix: "p").collect()
            #expect(objects.map(\.key) == ["a", "b & c\u{01}"])  // URL-decoded only when the page says it is encoded
            #expect(objects[0].etag == "e1")
            #expect(objects[0].lastModified == Date(timeIntervalSince1970: 1_704_164_645))
            let uris = fake.requests.withLockedValue { $0.map(\.head.uri) }
            #expect(
                uris == [
                    "/b?encoding-type=url&list-type=2&max-keys=1000&prefix=p",
                    "/b?continuation-token=t%2F%2B%3D1&encoding-type=url&list-type=2&max-keys=1000&prefix=p",
                ])
        }
    }

    @Test func metricsAndDebugLogsWithoutSecrets() async throws {
        let metrics = TestMetrics()
        let logs = LogCapture()
        try await Self.withFake(
            metrics: metrics, logs: logs,
            answer: { _, number in
                number == 1
                    ? .init(status: .serviceUnavailable, body: ByteBuffer(string: "<Error><Code>SlowDown</Code></Error>"))
                    : .init(status: .ok, headers: [("etag", "\"e\"")])
            }
        ) { client, _ in
            try await client.putObject(bucket: "b", key: "k", body: ByteBuffer(repeating: 1, count: 1000))
        }
        #expect(try metrics.expectCounter("s3_requests_total", [("operation", "PutObject"), ("status", "503")]).totalValue == 1)
        #expect(try metrics.expectCounter("s3_requests_total", [("operation", "PutObject"), ("status", "200")]).totalValue == 1)
        #expect(try metrics.expectCounter("s3_retries_total", [("operation", "PutObject"), ("reason", "SlowDown")]).totalValue == 1)
        #expect(try metrics.expectCounter("s3_bytes_sent_total", [("operation", "PutObject")]).totalValue == 1000)
        #expect(try metrics.expectTimer("s3_request_duration_seconds", [("operation", "PutObject")]).values.count == 2)

        let lines = logs.lines
        #expect(lines.filter { $0.contains("s3 request") }.count == 2)
        #expect(lines.contains { $0.contains("s3_status=503") } && lines.contains { $0.contains("s3_status=200") })
        #expect(!lines.contains { $0.contains(Self.secret) || $0.contains("Signature=") || $0.contains("AWS4-HMAC") })
    }
}

/// Collects log lines (message and metadata) for assertions.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let storage = NIOLockedValueBox<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var lines: [String] { storage.withLockedValue { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        storage.withLockedValue { $0.append("\(event.level) \(event.message) \(fields)") }
    }
}
