import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Storage
import Testing

@testable import S3Client

/// Retries through `FaultInjectingProxy` placed between the client and RGW: 503 SlowDown, 500s, dropped
/// connections mid-body and delays are survived byte-identically with bounded attempts; permanent errors
/// fail at once.
@Suite(.enabled(if: S3TestEnvironment.rgwEnabled, "TEST_S3_ENDPOINT not set"), .serialized)  // timings: one at a time
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
            try await S3TestEnvironment.withBucket(on: .rgw) { _, bucket in
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
              let item = query.split(separator: "&").first(where: { $0.hasPrefix("partNumber=") }) else { return nil }
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
                        let etag = try await client.uploadPart(bucket: bucket, key: "big/100MiB.bin", uploadID: uploadID,
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
            await #expect(throws: S3Error(code: "SlowDown", message: "Please reduce your request rate.", requestID: "proxy-4", statusCode: 503)) {
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
        try await Self.withProxy(timeout: .milliseconds(700), schedule: { head, attempt in
            head.method == .PUT && attempt == 1 ? .delay(2) : .none
        }) { client, bucket, proxy in
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
            let etag = try await client.uploadPart(bucket: bucket, key: "lost", uploadID: uploadID, partNumber: 1,
                                                   body: ByteBuffer(string: "only part"))
            try await client.completeMultipartUpload(bucket: bucket, key: "lost", uploadID: uploadID,
                                                     parts: [S3CompletedPart(partNumber: 1, etag: etag)])
            let head = try await client.headObject(bucket: bucket, key: "lost")
            #expect(head?.size == 9, "\(String(describing: head))")
            #expect(proxy.stats.withLockedValue { $0.faults["loseAnswer"] } == 1)
        }
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
@Suite(.enabled(if: S3TestEnvironment.isEnabled, "no S3 store configured"))
struct ClockSkewTests {
    @Test(arguments: S3TestEnvironment.stores)
    func skewedClockIsCorrectedFromTheServerDate(store: S3TestStore) async throws {
        try await S3TestEnvironment.withBucket(on: store) { _, bucket in
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
