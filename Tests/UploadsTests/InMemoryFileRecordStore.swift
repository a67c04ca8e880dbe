import Database
import Foundation
import TestSupport
import Uploads

/// The `uploads` rows and the job outbox in memory, with the transactions of `InMemoryTransactions`.
final class InMemoryFileRecordStore: FileRecordStore, Sendable {
    private let rows = InMemoryTransactions([UUID: Upload]())
    /// The job outbox: the same in-memory queue the job worker's tests use.
    let outbox = InMemoryJobStore()

    var uploads: [Upload] { rows.withLock { Array($0.values) } }
    var jobs: [Job] { outbox.all }
    func upload(_ id: UUID) -> Upload? { rows.withLock { $0[id] } }

    /// One transaction over the rows and the outbox: both roll back together.
    func withTransaction<Result: Sendable>(_ body: (InMemoryFileRecordStore) async throws -> Result) async throws -> Result {
        try await rows.transaction { try await outbox.withTransaction { _ in try await body(self) } }
    }

    // MARK: fileRecords.sql

    func createUpload(id: UUID, userID: String, fileName: String, contentType: String, storageKey: String) async throws -> Upload? {
        insert(Self.row(id: id, userID: userID, fileName: fileName, contentType: contentType, storageKey: storageKey, status: .uploading))
    }

    func createPendingUpload(
        id: UUID, userID: String, fileName: String, contentType: String, storageKey: String, expectedSizeBytes: Int64?, expiresAt: Date?
    ) async throws -> Upload? {
        var row = Self.row(id: id, userID: userID, fileName: fileName, contentType: contentType, storageKey: storageKey, status: .pending)
        row.expectedSizeBytes = expectedSizeBytes
        row.expiresAt = expiresAt
        return insert(row)
    }

    func setMultipartUploadID(multipartUploadID: String?, id: UUID) async throws {
        _ = update(id) { $0.multipartUploadID = multipartUploadID }
    }

    func touchTusFileRow(id: UUID) async throws {
        _ = update(id, where: { $0.status == .uploading }) { _ in }
    }

    func lockUpload(id: UUID) async throws -> Upload? { upload(id) }

    func completeUpload(sizeBytes: Int64?, sha256: String?, id: UUID) async throws -> Upload? {
        update(id, where: { $0.status == .uploading }) {
            $0.status = .completed
            $0.sizeBytes = sizeBytes
            $0.sha256 = sha256
            $0.multipartUploadID = nil
            $0.completedAt = Date()
        }
    }

    func finishProcessedUpload(storageKey: String, sizeBytes: Int64?, sha256: String?, id: UUID) async throws -> Upload? {
        update(id) {
            $0.status = .completed
            $0.storageKey = storageKey
            $0.sizeBytes = sizeBytes
            $0.sha256 = sha256
            $0.details = nil
            $0.expiresAt = nil
            $0.completedAt = Date()
        }
    }

    func setUploadStatus(status: UploadStatus, details: String?, id: UUID) async throws -> Upload? {
        update(id) {
            $0.status = status
            $0.details = details
        }
    }

    func markUploadDeleted(id: UUID, userID: String) async throws -> Int {
        update(id, where: { $0.userID == userID }) { $0.status = .deleted } == nil ? 0 : 1
    }

    func deleteUpload(id: UUID) async throws -> Int {
        rows.withLock { $0.removeValue(forKey: id) == nil ? 0 : 1 }
    }

    // MARK: jobOutbox.sql

    func enqueueJob(id: UUID, kind: JobKind, payload: JSONValue, maxAttempts: Int32, delaySeconds: Double) async throws -> Job? {
        try await outbox.enqueueJob(id: id, kind: kind, payload: payload, maxAttempts: maxAttempts, delaySeconds: delaySeconds)
    }

    func enqueueReaperIfAbsent(id: UUID, delaySeconds: Double) async throws -> Int {
        try await outbox.enqueueReaperIfAbsent(id: id, delaySeconds: delaySeconds)
    }

    // MARK: -

    private static func row(
        id: UUID, userID: String, fileName: String, contentType: String, storageKey: String, status: UploadStatus
    ) -> Upload {
        let now = Date()
        return Upload(
            id: id, userID: userID, fileName: fileName, contentType: contentType, sizeBytes: nil, sha256: nil,
            storageKey: storageKey, status: status, multipartUploadID: nil, expectedSizeBytes: nil, details: nil,
            createdAt: now, updatedAt: now, completedAt: nil, expiresAt: nil)
    }

    private func insert(_ row: Upload) -> Upload? {
        rows.withLock { rows in
            guard rows[row.id] == nil else { return nil }
            rows[row.id] = row
            return row
        }
    }

    private func update(_ id: UUID, where condition: (Upload) -> Bool = { _ in true }, _ change: (inout Upload) -> Void) -> Upload? {
        rows.withLock { rows in
            guard var row = rows[id], condition(row) else { return nil }
            change(&row)
            row.updatedAt = Date()
            rows[id] = row
            return row
        }
    }
}
