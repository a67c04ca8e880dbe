import Database
import Foundation
import Uploads

/// The `uploads` rows and the job outbox in memory, with PostgreSQL's semantics where `FileRecords`
/// relies on them: a transaction rolls back everything when its body throws, and a nested one joins
/// the open one. One test drives it at a time (no row locks are modelled).
final class InMemoryFileRecordStore: FileRecordStore, @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [UUID: Upload] = [:]
    private var queued: [Job] = []
    private var transactionOpen = false

    var uploads: [Upload] { lock.withLock { Array(rows.values) } }
    var jobs: [Job] { lock.withLock { queued } }
    func upload(_ id: UUID) -> Upload? { lock.withLock { rows[id] } }

    func withTransaction<Result: Sendable>(_ body: (InMemoryFileRecordStore) async throws -> Result) async throws -> Result {
        let (joined, snapshot) = lock.withLock { () -> (Bool, ([UUID: Upload], [Job])) in
            defer { transactionOpen = true }
            return (transactionOpen, (rows, queued))
        }
        if joined { return try await body(self) }
        do {
            let result = try await body(self)
            lock.withLock { transactionOpen = false }
            return result
        } catch {
            lock.withLock { (rows, queued, transactionOpen) = (snapshot.0, snapshot.1, false) }
            throw error
        }
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
        lock.withLock { rows.removeValue(forKey: id) == nil ? 0 : 1 }
    }

    // MARK: jobOutbox.sql

    func enqueueJob(id: UUID, kind: JobKind, payload: JSONValue, maxAttempts: Int32, delaySeconds: Double) async throws -> Job? {
        let now = Date()
        let job = Job(
            id: id, kind: kind, payload: payload, status: .queued, attempts: 0, maxAttempts: maxAttempts,
            runAt: now.addingTimeInterval(delaySeconds), lockedBy: nil, lockedUntil: nil, lastError: nil,
            createdAt: now, updatedAt: now, finishedAt: nil)
        lock.withLock { queued.append(job) }
        return job
    }

    func enqueueReaperIfAbsent(id: UUID, delaySeconds: Double) async throws -> Int {
        let pending = lock.withLock { queued.contains { $0.kind == .reapUploads && ($0.status == .queued || $0.status == .running) } }
        if pending { return 0 }
        _ = try await enqueueJob(id: id, kind: .reapUploads, payload: .object([:]), maxAttempts: 1, delaySeconds: delaySeconds)
        return 1
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
        lock.withLock {
            guard rows[row.id] == nil else { return nil }
            rows[row.id] = row
            return row
        }
    }

    private func update(_ id: UUID, where condition: (Upload) -> Bool = { _ in true }, _ change: (inout Upload) -> Void) -> Upload? {
        lock.withLock {
            guard var row = rows[id], condition(row) else { return nil }
            change(&row)
            row.updatedAt = Date()
            rows[id] = row
            return row
        }
    }
}
