import Database
import Foundation
import Testing

@testable import Uploads

/// The lifecycle owner on an in-memory store: every flow's writes, the outbox written with the change,
/// and refusals that change nothing.
@Suite("FileRecords on an in-memory store")
struct FileRecordsTests {
    let store = InMemoryFileRecordStore()
    let hook = WebhookTarget(url: "http://127.0.0.1:9/hook", maxAttempts: 3)
    var records: FileRecords { FileRecords(queries: store, webhook: hook) }

    func pending(_ id: UUID = UUID(), user: String = "alice") async throws -> Upload {
        try await records.startPending(
            id: id, userID: user, fileName: "a.png", contentType: "image/png", storageKey: "temp/\(user)/\(id)/a.png",
            expectedSize: 3, expiresAt: Date().addingTimeInterval(60))
    }

    @Test func aStreamedFileCompletesOnceWithItsDigestAndAnnouncesNothing() async throws {
        let id = UUID()
        let row = try await records.startUploading(id: id, userID: "alice", fileName: "a.txt", contentType: "text/plain", storageKey: "k")
        #expect(row.status == .uploading)
        try await records.recordMultipartUpload("mpu-1", of: id)
        #expect(store.upload(id)?.multipartUploadID == "mpu-1")
        let done = try #require(try await records.complete(id, size: 3, sha256: "abc"))
        #expect(done.status == .completed && done.sizeBytes == 3 && done.sha256 == "abc" && done.multipartUploadID == nil)
        #expect(store.jobs.isEmpty, "the client that sent the bytes got the result in its answer")
    }

    @Test func confirmQueuesProcessingOnceInTheSameTransaction() async throws {
        let upload = try await pending()
        let payload = ProcessUploadPayload(fileID: upload.id, keyPath: upload.storageKey, destPath: "dest/a.png")
        let confirmed = try #require(try await records.confirm(upload.id, processing: payload, maxAttempts: 4))
        #expect(confirmed.status == .uploaded)
        #expect(store.jobs.map(\.kind) == [.processUpload])
        #expect(store.jobs.first?.maxAttempts == 4)
        #expect(ProcessUploadPayload(try #require(store.jobs.first).payload) == payload)
        let again = try #require(try await records.confirm(upload.id, processing: payload, maxAttempts: 4))
        #expect(again.status == .uploaded)
        #expect(store.jobs.count == 1, "a repeated confirm queues nothing")
    }

    @Test func processingEndsCompletedWithTheFinalKeyAndOneWebhook() async throws {
        let upload = try await pending()
        _ = try await records.apply(.received, to: upload.id, details: nil)
        _ = try await records.apply(.processingStarted, to: upload.id, details: nil)
        let done = try #require(try await records.finishProcessing(upload.id, storageKey: "dest/a.png", size: 3, sha256: "abc"))
        #expect(done.status == .completed && done.storageKey == "dest/a.png" && done.sha256 == "abc")
        _ = try await records.finishProcessing(upload.id, storageKey: "dest/a.png", size: 3, sha256: "abc")
        let hooks = store.jobs.filter { $0.kind == .deliverWebhook }
        #expect(hooks.count == 1, "one webhook per final status, also when processing is retried")
        guard case .object(let members)? = hooks.first?.payload, case .string(let body)? = members["body"] else {
            Issue.record("webhook payload without a body")
            return
        }
        #expect(body.contains(#""event":"upload.completed""#))
        #expect(members["url"] == .string(hook.url))
    }

    @Test func aRefusedChangeChangesNothing() async throws {
        let upload = try await pending()
        await #expect(throws: FileLifecycleError.self) {
            _ = try await records.apply(.processingStarted, to: upload.id, details: "skips uploaded")
        }
        #expect(store.upload(upload.id)?.status == .pending)
        #expect(store.upload(upload.id)?.details == nil)
        #expect(store.jobs.isEmpty)
    }

    @Test func aFailedAnnouncementRollsTheChangeBack() async throws {
        let upload = try await pending()
        let failing = FileRecords(queries: FailingOutbox(store), webhook: hook)
        await #expect(throws: FailingOutbox.Refused.self) {
            _ = try await failing.apply(.failed, to: upload.id, details: "virus found")
        }
        #expect(store.upload(upload.id)?.status == .pending, "the status change and its webhook commit together or not at all")
    }

    @Test func namingTheCurrentStatusOnlyUpdatesItsDetails() async throws {
        let upload = try await pending()
        let same = try #require(try await records.apply(status: .pending, to: upload.id, details: "still waiting"))
        #expect(same.status == .pending && same.details == "still waiting")
        await #expect(throws: FileLifecycleError.self) { _ = try await records.apply(status: .uploading, to: upload.id, details: nil) }
    }

    @Test func onlyTheOwnerHidesACompletedFileAndRemovalForgetsIt() async throws {
        let id = UUID()
        _ = try await records.startUploading(id: id, userID: "alice", fileName: "a", contentType: "text/plain", storageKey: "k")
        await #expect(throws: FileLifecycleError.self) { _ = try await records.hide(id, userID: "alice") }  // not completed yet
        _ = try await records.complete(id, size: 1, sha256: "00")
        #expect(try await records.hide(id, userID: "bob") == nil)
        #expect(store.upload(id)?.status == .completed)
        #expect(try await records.hide(id, userID: "alice")?.status == .deleted)
        try await records.remove(id)
        #expect(store.upload(id) == nil)
    }

    @Test func anUnknownFileIsNil() async throws {
        #expect(try await records.apply(.expired, to: UUID(), details: nil) == nil)
        #expect(try await records.complete(UUID(), size: 1, sha256: "00") == nil)
    }
}

/// The in-memory store whose outbox refuses every job, to see a change roll back with it.
struct FailingOutbox: FileRecordStore {
    struct Refused: Error {}
    let base: InMemoryFileRecordStore
    init(_ base: InMemoryFileRecordStore) { self.base = base }

    func withTransaction<Result: Sendable>(_ body: (FailingOutbox) async throws -> Result) async throws -> Result {
        try await base.withTransaction { _ in try await body(self) }
    }
    func createUpload(id: UUID, userID: String, fileName: String, contentType: String, storageKey: String) async throws -> Upload? {
        try await base.createUpload(id: id, userID: userID, fileName: fileName, contentType: contentType, storageKey: storageKey)
    }
    func createPendingUpload(
        id: UUID, userID: String, fileName: String, contentType: String, storageKey: String, expectedSizeBytes: Int64?, expiresAt: Date?
    ) async throws -> Upload? {
        try await base.createPendingUpload(
            id: id, userID: userID, fileName: fileName, contentType: contentType, storageKey: storageKey,
            expectedSizeBytes: expectedSizeBytes, expiresAt: expiresAt)
    }
    func setMultipartUploadID(multipartUploadID: String?, id: UUID) async throws {
        try await base.setMultipartUploadID(multipartUploadID: multipartUploadID, id: id)
    }
    func touchTusFileRow(id: UUID) async throws { try await base.touchTusFileRow(id: id) }
    func lockUpload(id: UUID) async throws -> Upload? { try await base.lockUpload(id: id) }
    func completeUpload(sizeBytes: Int64?, sha256: String?, id: UUID) async throws -> Upload? {
        try await base.completeUpload(sizeBytes: sizeBytes, sha256: sha256, id: id)
    }
    func finishProcessedUpload(storageKey: String, sizeBytes: Int64?, sha256: String?, id: UUID) async throws -> Upload? {
        try await base.finishProcessedUpload(storageKey: storageKey, sizeBytes: sizeBytes, sha256: sha256, id: id)
    }
    func setUploadStatus(status: UploadStatus, details: String?, id: UUID) async throws -> Upload? {
        try await base.setUploadStatus(status: status, details: details, id: id)
    }
    func markUploadDeleted(id: UUID, userID: String) async throws -> Int { try await base.markUploadDeleted(id: id, userID: userID) }
    func deleteUpload(id: UUID) async throws -> Int { try await base.deleteUpload(id: id) }
    func enqueueJob(id: UUID, kind: JobKind, payload: JSONValue, maxAttempts: Int32, delaySeconds: Double) async throws -> Job? {
        throw Refused()
    }
    func enqueueReaperIfAbsent(id: UUID, delaySeconds: Double) async throws -> Int { throw Refused() }
}
