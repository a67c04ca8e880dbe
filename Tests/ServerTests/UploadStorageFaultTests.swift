import AsyncHTTPClient
import Auth
import Crypto
import Database
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import PostgresNIO
import S3Client
import Server
import Storage
import TestSupport
import Testing
import Uploads

/// `POST /upload` to S3 through `FaultInjectingProxy` (PostgreSQL, Ceph RGW): dropped connections and
/// throttling are retried within the S3 client's bounds and the file arrives byte-identical; a fault
/// that can't be retried, or outlasts the retries, answers a 502/503 storage problem (never a 500),
/// with nothing left behind in the bucket or in `uploads`.
@Suite("POST /upload through S3 faults", .enabled(if: TestServices.postgresAndRGWAvailable), .serialized)
struct UploadStorageFaultTests {
    static let mebibyte = 1024 * 1024

    /// The S3 request a proxied request head belongs to.
    enum Request: String, CaseIterable, Sendable {
        case createMultipartUpload, uploadPart, completeMultipartUpload, abortMultipartUpload, putObject, headObject, deleteObject

        init?(_ head: HTTPRequestHead) {
            let query = head.uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
            switch head.method {
            case .POST where query.hasPrefix("uploads"): self = .createMultipartUpload
            case .POST where query.contains("uploadId="): self = .completeMultipartUpload
            case .PUT where query.contains("partNumber="): self = .uploadPart
            case .PUT: self = .putObject
            case .DELETE where query.contains("uploadId="): self = .abortMultipartUpload
            case .DELETE: self = .deleteObject
            case .HEAD: self = .headObject
            default: return nil
            }
        }
    }

    struct Harness {
        let database: ScratchDatabase
        /// Talks to RGW directly, around the proxy.
        let direct: S3Client
        let bucket: String
        let proxy: FaultInjectingProxy

        func objectKeys() async throws -> [String] { try await direct.listObjectKeys(bucket: bucket) }

        func multipartUploads() async throws -> [S3MultipartUploadSummary] {
            var uploads: [S3MultipartUploadSummary] = []
            for try await upload in direct.listMultipartUploads(bucket: bucket) { uploads.append(upload) }
            return uploads
        }

        /// Attempts the proxy saw of one kind of request.
        func attempts(of request: Request) -> Int {
            proxy.stats.withLockedValue { stats in
                stats.attempts.filter { key, _ in
                    let parts = key.split(separator: " ", maxSplits: 1)
                    return Request(
                        HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: String(parts[0])), uri: String(parts[1])))
                        == request
                }.values.reduce(0, +)
            }
        }
    }

    /// The application storing into a bucket of its own on RGW through a fault-injecting proxy, with 5 MiB
    /// parts and the S3 client's quick-backoff retries.
    static func run(
        payloadSigning: S3PayloadSigning = .automatic,
        retryPolicy: S3RetryPolicy = S3RetryPolicy(maximumAttempts: 4, baseDelay: 0.05, maximumDelay: 0.5),
        schedule: @escaping @Sendable (Request, Int) -> FaultInjectingProxy.Fault,
        _ test: @escaping @Sendable (Harness, any TestClientProtocol) async throws -> Void
    ) async throws {
        let store = S3TestStore.rgw
        let endpoint = try store.endpoint
        func client(_ endpoint: URL) throws -> S3Client {
            var configuration = try store.configuration(endpoint: endpoint)
            configuration.payloadSigning = payloadSigning
            return try S3Client(configuration: configuration, httpClient: .shared, logger: Logger(label: "upload-storage-fault-tests"))
        }
        let direct = try client(endpoint)
        let proxy = FaultInjectingProxy(upstream: endpoint) { head, attempt in
            Request(head).map { schedule($0, attempt) } ?? .none
        }
        var proxied = try client(try await proxy.start())
        proxied.retryPolicy = retryPolicy
        do {
            try await ScratchBucket.with(on: store, client: direct) { direct, bucket in
                // A late forward through the proxy must not race the bucket's removal.
                do {
                    try await ScratchDatabase.with { database in
                        try await ServerHarness.serve(
                            database: database, storage: try ServerHarness.s3Storage(bucket: bucket, on: store),
                            store: S3Store(client: proxied, bucket: bucket),
                            uploads: UploadSettings(
                                maximumUploadBytes: 64 * 1024 * 1024, partSize: 5 * mebibyte, streamedPartSize: 5 * mebibyte),
                            uploadBufferBytes: 32 * 1024 * 1024, logLabel: "upload-storage-fault-tests"
                        ) { _, testClient in
                            try await test(Harness(database: database, direct: direct, bucket: bucket, proxy: proxy), testClient)
                        }
                    }
                } catch {
                    await proxy.waitUntilIdle()
                    throw error
                }
                await proxy.waitUntilIdle()
            }
        } catch {
            await proxy.shutdown()
            throw error
        }
        await proxy.shutdown()
    }

    /// Posts `bytes` as the form's `file`; returns the status, the Content-Type and the JSON answer.
    static func upload(_ client: any TestClientProtocol, bytes: [UInt8]) async throws -> (HTTPResponse.Status, String?, [String: Any]) {
        let token = try await ServerHarness.token(for: "alice")
        var form = MultipartBody()
        form.addFile(fileName: "data.bin", bytes: bytes)
        return try await client.execute(
            uri: "/upload", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: MultipartBody.contentType], body: form.buffer
        ) { response in
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            return (response.status, response.headers[.contentType], json)
        }
    }

    static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { String(format: "%02x", $0) }.joined()
    }

    /// The object as RGW has it, read around the proxy.
    static func storedBytes(_ harness: Harness, key: String) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in try await harness.direct.getObject(bucket: harness.bucket, key: key).body {
            bytes += chunk.readableBytesView
        }
        return bytes
    }

    /// Expects a storage problem and that the failed upload left nothing: no row, no object, no
    /// multipart upload.
    static func expectStorageProblem(
        _ answer: (HTTPResponse.Status, String?, [String: Any]), status: HTTPResponse.Status, slug: String, _ harness: Harness
    ) async throws {
        let (received, contentType, json) = answer
        #expect(received == status, "\(json)")
        #expect(contentType == "application/problem+json")
        #expect(json["type"] as? String == "https://s3uploader.dev/problems/\(slug)")
        #expect(json["status"] as? Int == Int(status.code))
        #expect(json["request_id"] is String, "a 5xx problem names the request id that finds the log line")
        #expect(try await harness.database.uploadCount() == 0, "the failed upload's row is removed")
        #expect(try await harness.objectKeys().isEmpty)
        #expect(try await harness.multipartUploads().isEmpty, "the multipart upload is aborted")
    }

    /// Connections reset mid-part and a 503 SlowDown are retried by the S3 client; the file is stored
    /// byte-identical, each part sent with a body matching its signed hash.
    @Test func uploadSurvivesResetsAndSlowDownByteIdentical() async throws {
        try await Self.run(schedule: { request, attempt in
            switch (request, attempt) {
            case (.createMultipartUpload, 1): .slowDown
            case (.uploadPart, 1): .reset  // every part loses its first connection halfway through its body
            case (.completeMultipartUpload, 1): .slowDown
            default: .none
            }
        }) { harness, client in
            let bytes = FileRoutesTests.randomBytes(16 * Self.mebibyte + 5)  // four 5 MiB parts
            let (status, _, json) = try await Self.upload(client, bytes: bytes)
            #expect(status == .created, "\(json)")
            #expect(json["file_size"] as? Int == bytes.count)
            #expect(json["sha256"] as? String == Self.sha256(bytes))
            let keys = try await harness.objectKeys()
            #expect(keys.count == 1)
            let stored = try await Self.storedBytes(harness, key: try #require(keys.first))
            #expect(stored.count == bytes.count)
            #expect(Self.sha256(stored) == Self.sha256(bytes), "stored bytes differ")
            #expect(try await harness.multipartUploads().isEmpty)
            #expect(harness.attempts(of: .uploadPart) == 4 * 2)
            #expect(harness.attempts(of: .createMultipartUpload) == 2)
            let stats = harness.proxy.stats.withLockedValue { $0 }
            #expect(stats.hashMismatches.isEmpty, "\(stats.hashMismatches)")
            #expect(stats.faults["reset"] == 4)
        }
    }

    /// CreateMultipartUpload is not idempotent (a repeat makes a second upload), so a connection lost
    /// after it was sent is not repeated: the upload fails as the store being unavailable, not as a 500.
    @Test func lostCreateMultipartUploadAnswers503() async throws {
        try await Self.run(schedule: { request, _ in request == .createMultipartUpload ? .reset : .none }) { harness, client in
            let answer = try await Self.upload(client, bytes: FileRoutesTests.randomBytes(6 * Self.mebibyte))
            try await Self.expectStorageProblem(answer, status: .serviceUnavailable, slug: "storage-unavailable", harness)
            #expect(harness.attempts(of: .createMultipartUpload) == 1)
        }
    }

    /// Throttling that outlasts the client's attempts: 503 `storage-unavailable` after exactly that many.
    @Test func slowDownOutlastingTheRetriesAnswers503() async throws {
        try await Self.run(schedule: { request, _ in request == .uploadPart ? .slowDown : .none }) { harness, client in
            let answer = try await Self.upload(client, bytes: FileRoutesTests.randomBytes(6 * Self.mebibyte))
            try await Self.expectStorageProblem(answer, status: .serviceUnavailable, slug: "storage-unavailable", harness)
            let attempts = harness.proxy.stats.withLockedValue { $0.attempts.filter { $0.key.hasPrefix("PUT ") }.values }
            // The part that gave up was tried four times; another one in flight may be stopped earlier.
            #expect(attempts.max() == 4, "\(attempts)")
        }
    }

    /// A store that refuses (403 AccessDenied) is an upstream fault, not the request's: 502 `storage-error`.
    @Test func refusalAnswers502() async throws {
        try await Self.run(schedule: { request, _ in request == .putObject ? .accessDenied : .none }) { harness, client in
            let answer = try await Self.upload(client, bytes: Array("a small file".utf8))
            try await Self.expectStorageProblem(answer, status: .badGateway, slug: "storage-error", harness)
            #expect(harness.attempts(of: .putObject) == 1, "a refusal is not retried")
        }
    }

    /// A part streamed while the request arrives (object data unsigned) can't be sent again once its
    /// bytes went out: a connection lost mid-part fails the upload with 503, and nothing is left behind.
    @Test func streamedPartLostMidBodyAnswers503() async throws {
        try await Self.run(
            payloadSigning: .unsigned,
            schedule: { request, attempt in
                request == .uploadPart && attempt == 1 ? .reset : .none
            }
        ) { harness, client in
            let answer = try await Self.upload(client, bytes: FileRoutesTests.randomBytes(12 * Self.mebibyte))
            try await Self.expectStorageProblem(answer, status: .serviceUnavailable, slug: "storage-unavailable", harness)
            let attempts = harness.proxy.stats.withLockedValue { $0.attempts.filter { $0.key.hasPrefix("PUT ") }.values }
            #expect(attempts.allSatisfy { $0 == 1 }, "no streamed part was sent twice: \(attempts)")
        }
    }
}
