import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Storage
import TestSupport
import Testing

@testable import S3Client

/// Retries through `FaultInjectingProxy` placed between the client and RGW: 503 SlowDown, 500s, dropped
/// connections mid-body and delays are survived byte-identically with bounded attempts; permanent errors
/// fail at once.
@Suite(.enabled(if: TestServices.rgwAvailable, "TEST_S3_ENDPOINT not set"), .serialized)  // timings: one at a time
struct FaultInjectionTests {
    static let mib = 1024 * 1024

    /// A client of the proxy with quick backoff; buckets are made directly on RGW.
    static func withProxy(
        retryPolicy: S3RetryPolicy = S3RetryPolicy(maximumAttempts: 4, baseDelay: 0.05, maximumDelay: 0.5),
        timeout: TimeAmount = .seconds(60),
        schedule: @escaping @Sendable (HTTPRequestHead, Int) -> FaultInjectingProxy.Fault,
        _ body: (S3Client, String, FaultInjectingProxy) async throws -> Void
    ) async throws {
        let proxy = FaultInjectingProxy(upstream: try S3TestStore.rgw.endpoint, schedule: schedule)
        let proxyURL = try await proxy.start()
        do {
            var client = try S3TestStore.rgw.client(endpoint: proxyURL)
            client.retryPolicy = retryPolicy
            client.timeout = timeout
            try await ScratchBucket.with(on: .rgw) { _, bucket in
                try await body(client, bucket, proxy)
                await proxy.waitUntilIdle()
            }
        } catch {
            await proxy.shutdown()
            throw error
        }
        await proxy.shutdown()
    }

    static func randomBytes(_ count: Int) throws -> [UInt8] {
        let handle = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        defer { try? handle.close() }
        return Array(handle.readData(ofLength: count))
    }

    static func partNumber(_ head: HTTPRequestHead) -> Int? {
        guard head.method == .PUT, let query = head.uri.split(separator: "?", maxSplits: 1).last,
            let item = query.split(separator: "&").first(where: { $0.hasPrefix("partNumber=") })
        else { return nil }
        return Int(item.dropFirst("partNumber=".count))
    }

    @Test func hundredMiBMultipartSurvivesFaultsByteIdentical() async throws {
        let partCount = 20
        try await Self.withProxy(schedule: { head, attempt in
            if let part = Self.partNumber(head) {
                switch (part % 5, attempt) {
                case (0, 1), (0, 2): return .slowDown  // two failures in a row
                case (1, 1): return .reset
                case (2, 1): return .delay(0.3)
                case (3, 1): return .internalError
                default: return .none
                }
            }
            if head.method == .POST, head.uri.contains("uploadId="), attempt == 1 { return .slowDown }  // Complete
            return .none
        }) { client, bucket, proxy in
            let parts = try (1...partCount).map { _ in try Self.randomBytes(5 * Self.mib) }
            var whole = SHA256()
            for part in parts { whole.update(data: part) }

            let uploadID = try await client.createMultipartUpload(bucket: bucket, key: "big/100MiB.bin")
            let completed = try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
                var completed: [S3CompletedPart] = []
                for (index, part) in parts.enumerated() {
                    if index >= 4 { completed.append(try await group.next()!) }  // 4 parts in flight
                    group.addTask {
                        let etag = try await client.uploadPart(
                            bucket: bucket, key: "big/100MiB.bin", uploadID: uploadID,
                            partNumber: index + 1, body: ByteBuffer(bytes: part))
                        return S3CompletedPart(partNumber: index + 1, etag: etag)
                    }
                }
                for try await part in group { completed.append(part) }
                return completed
            }
            try await client.completeMultipartUpload(bucket: bucket, key: "big/100MiB.bin", uploadID: uploadID, parts: completed)

            // Read back directly from RGW, not through the proxy.
            let direct = try S3TestStore.rgw.client()
            let head = try #require(try await direct.headObject(bucket: bucket, key: "big/100MiB.bin"))
            #expect(head.size == Int64(partCount * 5 * Self.mib))
            #expect(head.etag?.hasSuffix("-\(partCount)") == true)
            var downloaded = SHA256()
            for try await chunk in try await direct.getObject(bucket: bucket, key: "big/100MiB.bin").body {
                chunk.withUnsafeReadableBytes { downloaded.update(bufferPointer: $0) }
            }
            #expect(downloaded.finalize() == whole.finalize())

            let stats = proxy.stats.withLockedValue { $0 }
            #expect(stats.hashMismatches.isEmpty, "parts sent with a wrong payload hash: \(stats.hashMismatches)")
            #expect(stats.bodiesChecked >= partCount)
            let partAttempts = stats.attempts.filter { $0.key.hasPrefix("PUT ") }
            #expect(partAttempts.count == partCount)
            #expect(partAttempts.values.allSatisfy { $0 <= 3 })  // bounded: at most two faults per part
            // One retry per failing fault (two SlowDowns, a reset, a 500 per five parts); a delay needs none.
            #expect(partAttempts.values.reduce(0, +) == partCount + 4 * 2 + 4 + 4)
            #expect(stats.faults["delay(0.3)"] == 4)
            #expect(stats.faults["slowDown"] == 8 + 1)
            #expect(stats.faults["reset"] == 4)
        }
    }

    @Test func permanentForbiddenFailsAtOnceWithATypedError() async throws {
        try await Self.withProxy(schedule: { _, _ in .accessDenied }) { client, bucket, proxy in
            do {
                try await client.putObject(bucket: bucket, key: "k", body: ByteBuffer(string: "x"))
                Issue.record("a 403 answer was taken for success")
            } catch let error as S3Error {
                #expect(error.code == "AccessDenied")
                #expect(error.statusCode == 403)
                #expect(error.requestID == "proxy-1")
                #expect(error.message == "Access Denied")
            }
            #expect(proxy.stats.withLockedValue { $0.total } == 1)  // no retry, no backoff
        }
    }

    @Test func persistentSlowDownStopsAfterTheAttemptLimit() async throws {
        try await Self.withProxy(schedule: { _, _ in .slowDown }) { client, bucket, proxy in
            await #expect(
                throws: S3Error(code: "SlowDown", message: "Please reduce your request rate.", requestID: "proxy-4", statusCode: 503)
            ) {
                try await client.putObject(bucket: bucket, key: "k", body: ByteBuffer(string: "x"))
            }
            #expect(proxy.stats.withLockedValue { $0.total } == 4)
        }
    }

    @Test func totalTimeBoundsRetries() async throws {
        let policy = S3RetryPolicy(maximumAttempts: 1000, baseDelay: 0.2, maximumDelay: 0.2, maximumTotalTime: 2)
        try await Self.withProxy(retryPolicy: policy, schedule: { _, _ in .internalError }) { client, bucket, proxy in
            let started = Date()
            await #expect(throws: S3Error.self) { _ = try await client.headObject(bucket: bucket, key: "k") }
            #expect(Date().timeIntervalSince(started) < 5)  // 2 s of retries plus the last attempt, with slack for load
            #expect((2..<200).contains(proxy.stats.withLockedValue { $0.total }))
        }
    }

    @Test func slowAnswerTimesOutAndIsRetried() async throws {
        try await Self.withProxy(
            timeout: .milliseconds(700),
            schedule: { head, attempt in
                head.method == .PUT && attempt == 1 ? .delay(2) : .none
            }
        ) { client, bucket, proxy in
            try await client.putObject(bucket: bucket, key: "slow", body: ByteBuffer(string: "patience"))
            #expect(proxy.stats.withLockedValue { $0.attempts.filter { $0.key.hasPrefix("PUT ") }.values.first } == 2)
            let response = try await client.getObject(bucket: bucket, key: "slow")
            #expect(String(decoding: try await TestBytes.collect(response.body), as: UTF8.self) == "patience")
        }
    }

    @Test func createMultipartUploadIsNotRepeatedAfterALostConnection() async throws {
        try await Self.withProxy(schedule: { head, _ in head.method == .POST ? .reset : .none }) { client, bucket, proxy in
            await #expect(throws: (any Error).self) { _ = try await client.createMultipartUpload(bucket: bucket, key: "k") }
            #expect(proxy.stats.withLockedValue { $0.total } == 1)
        }
    }

    @Test func completeWhoseAnswerWasLostStillSucceeds() async throws {
        try await Self.withProxy(schedule: { head, attempt in
            head.method == .POST && head.uri.contains("uploadId=") && attempt == 1 ? .loseAnswer : .none
        }) { client, bucket, proxy in
            let uploadID = try await client.createMultipartUpload(bucket: bucket, key: "lost")
            let etag = try await client.uploadPart(
                bucket: bucket, key: "lost", uploadID: uploadID, partNumber: 1,
                body: ByteBuffer(string: "only part"))
            try await client.completeMultipartUpload(
                bucket: bucket, key: "lost", uploadID: uploadID,
                parts: [S3CompletedPart(partNumber: 1, etag: etag)])
            let head = try await client.headObject(bucket: bucket, key: "lost")
            #expect(head?.size == 9, "\(String(describing: head))")
            #expect(proxy.stats.withLockedValue { $0.faults["loseAnswer"] } == 1)
        }
    }

    /// A streamed part's body is read once: a connection lost while it flows is not repeated, and the
    /// store reports it as `unavailable` (something to try again later), never as a raw transport error.
    @Test func streamedPartLostMidBodyIsNotRepeatedAndReportedUnavailable() async throws {
        try await Self.withProxy(schedule: { head, attempt in
            Self.partNumber(head) == 1 && attempt == 1 ? .reset : .none
        }) { client, bucket, proxy in
            var configuration = client.configuration
            configuration.payloadSigning = .unsigned
            var unsigned = try S3Client(configuration: configuration, httpClient: .shared, logger: client.logger)
            unsigned.retryPolicy = client.retryPolicy
            let store = S3Store(client: unsigned, bucket: bucket)
            let uploadID = try await store.createMultipartUpload(key: "streamed", contentType: nil)
            let bytes = TestBytes.pattern(2 * Self.mib)
            do {
                _ = try await store.uploadPart(
                    key: "streamed", uploadID: uploadID, partNumber: 1, length: Int64(bytes.count),
                    body: Self.chunks(bytes))
                Issue.record("a part whose connection was reset was taken for stored")
            } catch ObjectStoreError.unavailable {
                // expected
            }
            #expect(proxy.stats.withLockedValue { $0.attempts.filter { $0.key.hasPrefix("PUT ") }.values.reduce(0, +) } == 1)
            try await store.abortMultipartUpload(key: "streamed", uploadID: uploadID)
        }
    }

    /// When no byte of a streamed part left — nothing listened yet, and the HTTP client gave up waiting
    /// for a connection — the attempt is repeated with the same, still unread body, and the part arrives whole.
    @Test func streamedPartIsRetriedWhileItsBodyIsUnread() async throws {
        let port = try await Self.freePort()
        let proxy = FaultInjectingProxy(upstream: try S3TestStore.rgw.endpoint, schedule: { _, _ in .none })
        var configuration = try S3TestStore.rgw.configuration(endpoint: URL(string: "http://127.0.0.1:\(port)")!)
        configuration.payloadSigning = .unsigned
        var client = try S3Client(configuration: configuration, httpClient: .shared, logger: Logger(label: "streamed-retry"))
        client.retryPolicy = S3RetryPolicy(maximumAttempts: 10, baseDelay: 0.1, maximumDelay: 0.1, maximumTotalTime: 60)
        client.timeout = .seconds(2)
        client.minimumStreamedUploadRate = 1 << 30  // the attempt's whole time is `timeout`
        try await ScratchBucket.with(on: .rgw) { direct, bucket in
            let uploadID = try await direct.createMultipartUpload(bucket: bucket, key: "late")
            let bytes = TestBytes.pattern(64 * 1024 + 7, seed: 3)
            let listening = Task {
                try await Task.sleep(nanoseconds: 2_500_000_000)  // after the first attempt's time ran out
                _ = try await proxy.start(port: port)
            }
            do {
                let started = Date()
                let etag = try await client.uploadPart(
                    bucket: bucket, key: "late", uploadID: uploadID, partNumber: 1,
                    length: Int64(bytes.count), body: Self.chunks(bytes))
                #expect(Date().timeIntervalSince(started) >= 2, "the first attempt found nothing listening")
                try await listening.value
                try await direct.completeMultipartUpload(
                    bucket: bucket, key: "late", uploadID: uploadID,
                    parts: [S3CompletedPart(partNumber: 1, etag: etag)])
                let download = try await direct.getObject(bucket: bucket, key: "late")
                #expect(try await TestBytes.collect(download.body) == bytes)
                #expect(proxy.stats.withLockedValue { $0.attempts.filter { $0.key.hasPrefix("PUT ") }.values.reduce(0, +) } == 1)
            } catch {
                _ = try? await listening.value
                await proxy.shutdown()
                throw error
            }
            await proxy.waitUntilIdle()
            await proxy.shutdown()
        }
    }

    /// What the store makes of faults the client can't get past: a lost answer to a request it must not
    /// repeat and retries used up are `unavailable`, a refusal is `failed`.
    @Test func storeReportsFailuresInItsOwnWords() async throws {
        try await Self.withProxy(schedule: { head, _ in
            if head.method == .POST { return .reset }
            if head.method == .PUT { return head.uri.contains("denied") ? .accessDenied : .slowDown }
            return .none
        }) { client, bucket, proxy in
            let store = S3Store(client: client, bucket: bucket)
            do {
                _ = try await store.createMultipartUpload(key: "k", contentType: nil)
                Issue.record("a lost CreateMultipartUpload answer was taken for an upload id")
            } catch let error as ObjectStoreError {
                guard case .unavailable = error else {
                    Issue.record("lost connection reported as \(error)")
                    return
                }
            }
            #expect(proxy.stats.withLockedValue { $0.attempts.filter { $0.key.hasPrefix("POST ") }.values.reduce(0, +) } == 1)
            do {
                try await store.putObject(key: "busy", body: ByteBuffer(string: "x"), contentType: nil)
                Issue.record("a throttled PUT was taken for stored")
            } catch let error as ObjectStoreError {
                guard case .unavailable(let reason) = error else {
                    Issue.record("throttling reported as \(error)")
                    return
                }
                #expect(reason.contains("SlowDown"))
            }
            do {
                try await store.putObject(key: "denied", body: ByteBuffer(string: "x"), contentType: nil)
                Issue.record("a refused PUT was taken for stored")
            } catch let error as ObjectStoreError {
                guard case .failed(let reason) = error else {
                    Issue.record("a refusal reported as \(error)")
                    return
                }
                #expect(reason.contains("AccessDenied"))
            }
        }
    }

    /// `bytes` as an async sequence of 64 KiB buffers, as a request body arrives.
    static func chunks(_ bytes: [UInt8]) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            for start in stride(from: 0, to: bytes.count, by: 64 * 1024) {
                continuation.yield(ByteBuffer(bytes: bytes[start..<min(bytes.count, start + 64 * 1024)]))
            }
            continuation.finish()
        }
    }

    /// A TCP port nothing listens on (it was free a moment ago).
    static func freePort() async throws -> Int {
        let server = LocalHTTPServer { _ in .reset(afterBodyBytes: 0) }
        let url = try await server.start()
        await server.shutdown()
        return try #require(url.port)
    }

    @Test func proxyDetectsAWrongPayloadHash() async throws {
        try await Self.withProxy(schedule: { _, _ in .accessDenied }) { client, bucket, proxy in
            let proxyURL = client.configuration.resolvedEndpoint.absoluteString
            var request = HTTPClientRequest(url: "\(proxyURL)/\(bucket)/k")
            request.method = .PUT
            request.headers.add(name: "x-amz-content-sha256", value: SigV4Signer.payloadHash("other".utf8))
            request.body = .bytes(ByteBuffer(string: "body"))
            _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 16)
            #expect(proxy.stats.withLockedValue { $0.hashMismatches } == ["PUT /\(bucket)/k"])
        }
    }
}

/// Clock-skew correction and credentials, against the stores themselves.
@Suite(.enabled(if: TestServices.s3Available, "no S3 store configured"))
struct ClockSkewTests {
    @Test(arguments: S3TestStore.configured)
    func skewedClockIsCorrectedFromTheServerDate(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { _, bucket in
            let client = try store.client()
            client.clock.skew = -3600  // our clock is an hour late
            try await client.putObject(bucket: bucket, key: "skew", body: ByteBuffer(string: "t"))
            #expect(abs(client.clock.skew) < 120, "the server's Date was adopted")

            let headFirst = try store.client()
            headFirst.clock.skew = 3600  // an hour early, and the first request is a body-less HEAD
            #expect(try await headFirst.headObject(bucket: bucket, key: "skew")?.size == 1)
            #expect(abs(headFirst.clock.skew) < 120)
        }
    }
}
