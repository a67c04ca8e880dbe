import Crypto
import Database
import Foundation
import Jobs
import NIOCore
import Storage
import TestSupport
import Testing
import Uploads

@Suite("Processors against PostgreSQL and a local store", .enabled(if: TestServices.postgresAvailable))
struct ProcessorTests {
    static func withStore<T>(_ body: (LocalStore, URL) async throws -> T) async throws -> T {
        try await ScratchFolder.with { root in try await body(LocalStore(root: root), root) }
    }

    /// A confirmed upload (`uploaded`, temp object present) and its queued job, as `confirm` leaves them.
    static func confirmedUpload(_ queries: Queries, store: LocalStore, bytes: [UInt8]) async throws -> (UUID, Job) {
        let id = UUID()
        let temp = DirectUploadSettings.temporaryKey(userID: "u", fileID: id, fileName: "a.txt")
        let dest = DirectUploadSettings.destinationKey(userID: "u", fileID: id, fileName: "a.txt")
        _ = try await queries.createPendingUpload(
            id: id, userID: "u", fileName: "a.txt", contentType: "text/plain", storageKey: temp,
            expectedSizeBytes: Int64(bytes.count), expiresAt: Date().addingTimeInterval(600))
        try await store.putObject(key: temp, body: ByteBuffer(bytes: bytes), contentType: nil)
        _ = try await queries.setUploadStatus(status: .uploaded, details: nil, id: id)
        let job = try #require(
            try await queries.enqueueJob(
                id: UUID(), kind: .processUpload, payload: ProcessUploadPayload(fileID: id, keyPath: temp, destPath: dest).json,
                maxAttempts: 3, delaySeconds: 0))
        return (id, job)
    }

    @Test func processingTwiceGivesTheSameResult() async throws {
        try await ScratchDatabase.withQueries { _, queries in
            try await Self.withStore { store, root in
                let records = FileRecords(queries: queries, webhook: WebhookTarget(url: "http://127.0.0.1:9/hook"))
                let processor = ProcessUploadProcessor(queries: queries, store: store, records: records, logger: ScratchDatabase.logger)
                let bytes = Array("processed once, seen once".utf8)
                let (id, job) = try await Self.confirmedUpload(queries, store: store, bytes: bytes)
                // First attempt dies after the copy and delete (its commit never runs) …
                _ = try await processor.run(job)
                #expect(try await queries.getUpload(id: id)?.status == .processing)
                // … the second finds the temp object gone and the destination complete.
                let commit = try #require(try await processor.run(job))
                try await queries.withTransaction { q in try await commit(q) }
                try await queries.withTransaction { q in try await commit(q) }  // a repeated commit changes nothing

                let upload = try #require(try await queries.getUpload(id: id))
                #expect(upload.status == .completed)
                #expect(upload.storageKey == "dest/u/\(id.uuidString.lowercased())/a.txt")
                #expect(upload.sizeBytes == Int64(bytes.count))
                // The bytes never passed through the service, yet the file has its SHA-256 like any other.
                #expect(upload.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
                #expect(try Data(contentsOf: root.appendingPathComponent(upload.storageKey)) == Data(bytes))
                #expect(try await store.headObject(key: "temp/u/\(id.uuidString.lowercased())/a.txt") == nil)
                let hooks = try await queries.claimJobs(worker: "t", visibilitySeconds: 30, batchSize: 100).filter {
                    $0.kind == .deliverWebhook
                }
                #expect(hooks.count == 1, "one webhook per final status")
            }
        }
    }

    @Test func finalFailureMarksTheUploadError() async throws {
        try await ScratchDatabase.withQueries { _, queries in
            try await Self.withStore { store, _ in
                let processor = ProcessUploadProcessor(
                    queries: queries, store: store, records: FileRecords(queries: queries),
                    logger: ScratchDatabase.logger)
                let (id, job) = try await Self.confirmedUpload(queries, store: store, bytes: [1, 2, 3])
                try await store.deleteObject(key: try #require(ProcessUploadPayload(job.payload)).keyPath)
                await #expect(throws: JobFailure.self) { _ = try await processor.run(job) }
                try await queries.withTransaction { q in try await processor.failed(job, message: "source gone", in: q) }
                let upload = try #require(try await queries.getUpload(id: id))
                #expect(upload.status == .error)
                #expect(upload.details == "processing failed: source gone")
            }
        }
    }

    @Test func reaperExpiresPendingAndRemovesStaleStreamingUploads() async throws {
        try await ScratchDatabase.withQueries { _, queries in
            try await Self.withStore { store, _ in
                let expiredID = UUID()
                let freshID = UUID()
                let staleID = UUID()
                _ = try await queries.createPendingUpload(
                    id: expiredID, userID: "u", fileName: "old", contentType: "text/plain",
                    storageKey: "temp/old", expectedSizeBytes: 1, expiresAt: Date().addingTimeInterval(-5))
                _ = try await queries.createPendingUpload(
                    id: freshID, userID: "u", fileName: "new", contentType: "text/plain",
                    storageKey: "temp/new", expectedSizeBytes: 1, expiresAt: Date().addingTimeInterval(600))
                try await store.putObject(key: "temp/old", body: ByteBuffer(bytes: [1]), contentType: nil)
                try await store.putObject(key: "temp/new", body: ByteBuffer(bytes: [1]), contentType: nil)
                _ = try await queries.createUpload(id: staleID, userID: "u", fileName: "s", contentType: "text/plain", storageKey: "u/s")
                try await store.putObject(key: "u/s", body: ByteBuffer(bytes: [1]), contentType: nil)

                let settings = JobSettings(reaperInterval: 60, staleUploadingAge: 0)
                let reaper = Reaper.withServiceSweeps(queries, store: store, settings: settings)
                try await Task.sleep(nanoseconds: 50_000_000)
                let job = try #require(
                    try await queries.enqueueJob(id: UUID(), kind: .reapUploads, payload: .object([:]), maxAttempts: 1, delaySeconds: 0))
                let commit = try await reaper.run(job)
                #expect(try await queries.getUpload(id: expiredID)?.status == .expired)
                #expect(try await store.headObject(key: "temp/old") == nil)
                #expect(try await queries.getUpload(id: freshID)?.status == .pending)
                #expect(try await store.headObject(key: "temp/new") != nil)
                #expect(try await queries.getUpload(id: staleID) == nil)
                #expect(try await store.headObject(key: "u/s") == nil)
                #expect(commit != nil, "the reaper schedules its next run")
            }
        }
    }
}
