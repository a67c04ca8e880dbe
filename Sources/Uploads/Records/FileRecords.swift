import Database
import Foundation
import Jobs

/// The one owner of a stored file's `uploads` row. Every flow — `POST /upload`, presigned upload and
/// confirm, chunks, tus, processing — creates, completes, fails, expires and removes its row here, and
/// every status change is checked against `FileLifecycle` while the row is locked, so two instances
/// changing one file are serialized and no path can skip the table. What a change must announce (the
/// processing job, the webhook of a final status, a completion callback) is queued in the same
/// transaction as the change (transactional outbox).
///
/// Methods take an optional `transaction`: given one, they join it (the caller commits their own writes
/// with the change); without, they run in a transaction of their own.
///
/// It depends on the two query files it owns (`fileRecords.sql`, `jobOutbox.sql`) as protocols, so the
/// lifecycle runs on PostgreSQL (`Queries`) or on an in-memory double in unit tests.
public struct FileRecords: Sendable {
    let queries: any FileRecordStore
    /// Where final statuses of processed files are announced; `nil`: not announced.
    let webhook: WebhookTarget?

    public init(queries: any FileRecordStore, webhook: WebhookTarget? = nil) {
        self.queries = queries
        self.webhook = webhook
    }

    // MARK: - Rows that start a flow

    /// A file whose bytes stream through this service: `uploading` until the store confirms it. The
    /// row exists before any byte moves, so a crash leaves a row the reaper finds, never an orphan object.
    public func startUploading(
        id: UUID, userID: String, fileName: String, contentType: String, storageKey: String, in transaction: (any FileRecordStore)? = nil
    ) async throws -> Upload {
        guard
            let row = try await (transaction ?? queries).createUpload(
                id: id, userID: userID, fileName: fileName, contentType: contentType, storageKey: storageKey)
        else { throw UploadError.fileNotFound }
        return row
    }

    /// A presigned upload: `pending` until its owner confirms it, `expiresAt` for the reaper.
    public func startPending(
        id: UUID, userID: String, fileName: String, contentType: String, storageKey: String, expectedSize: Int64, expiresAt: Date
    ) async throws -> Upload {
        guard
            let row = try await queries.createPendingUpload(
                id: id, userID: userID, fileName: fileName, contentType: contentType, storageKey: storageKey,
                expectedSizeBytes: expectedSize, expiresAt: expiresAt)
        else { throw UploadError.fileNotFound }
        return row
    }

    /// Remembers the store's multipart upload of an `uploading` file, so the reaper can abort it if the
    /// process streaming it dies.
    public func recordMultipartUpload(_ uploadID: String, of id: UUID) async throws {
        try await queries.setMultipartUploadID(multipartUploadID: uploadID, id: id)
    }

    /// Marks activity on a long-lived `uploading` file (a tus upload between PATCHes), so the reaper of
    /// abandoned streams leaves it to the upload's own expiry.
    public func touch(_ id: UUID, in transaction: any FileRecordStore) async throws {
        try await transaction.touchTusFileRow(id: id)
    }

    // MARK: - Events

    /// The streamed bytes are stored: `uploading` → `completed` with the object's size and SHA-256.
    /// The client that sent the bytes gets the result in its answer, so nothing is announced.
    public func complete(_ id: UUID, size: Int64, sha256: String, in transaction: (any FileRecordStore)? = nil) async throws -> Upload? {
        try await change(id, .completed, in: transaction, announce: false) { q, _ in
            try await q.completeUpload(sizeBytes: size, sha256: sha256, id: id)
        }
    }

    /// Processing moved the object to its final key: → `completed` with size and SHA-256, announced.
    /// A file already completed (a retried job) is returned as it is.
    public func finishProcessing(
        _ id: UUID, storageKey: String, size: Int64, sha256: String, in transaction: (any FileRecordStore)? = nil
    ) async throws -> Upload? {
        try await change(id, .completed, in: transaction, announce: true) { q, current in
            if current.status == .completed { return current }
            return try await q.finishProcessedUpload(storageKey: storageKey, sizeBytes: size, sha256: sha256, id: id)
        }
    }

    /// `event` with `details` (shown to the owner): confirmation, processing, failure, expiry. The same
    /// event again only updates the details.
    public func apply(_ event: FileEvent, to id: UUID, details: String?, in transaction: (any FileRecordStore)? = nil) async throws
        -> Upload?
    {
        try await change(id, event, in: transaction, announce: true) { q, current in
            if current.status == event.target && current.details == details { return current }
            return try await q.setUploadStatus(status: event.target, details: details, id: id)
        }
    }

    /// A status named by an external worker (`POST /update-status`): the event reaching it, checked like
    /// any other; naming the current status only updates the details.
    public func apply(status: UploadStatus, to id: UUID, details: String?) async throws -> Upload? {
        if let event = FileEvent(reaching: status) { return try await apply(event, to: id, details: details) }
        return try await queries.withTransaction { q in
            guard let current = try await q.lockUpload(id: id) else { return nil }
            guard current.status == status else { throw FileLifecycleError(from: current.status, to: status) }
            if current.details == details { return current }
            return try await q.setUploadStatus(status: status, details: details, id: id)
        }
    }

    /// The presigned upload's bytes are in the store: `pending` → `uploaded`, and its processing job is
    /// queued in the same transaction. A repeated confirm returns the current row and queues nothing.
    public func confirm(_ id: UUID, processing: ProcessUploadPayload, maxAttempts: Int32) async throws -> Upload? {
        try await queries.withTransaction { q in
            guard let current = try await q.lockUpload(id: id) else { return nil }
            guard current.status == .pending else { return current }
            let row = try await apply(.received, to: id, details: nil, in: q)
            try await JobQueue.enqueue(.processUpload, payload: processing.json, maxAttempts: maxAttempts, in: q)
            return row
        }
    }

    /// Hides a completed file from its owner (`deleted`) while its object is removed; `nil` when the
    /// owner has no such file.
    public func hide(_ id: UUID, userID: String) async throws -> Upload? {
        try await change(id, .deleted, in: nil, announce: false) { q, current in
            guard try await q.markUploadDeleted(id: id, userID: userID) == 1 else { return nil }
            var hidden = current
            hidden.status = .deleted
            return hidden
        }
    }

    /// Forgets the row: a deleted file whose object is gone, or an upload that never completed (its
    /// multipart upload or object already discarded).
    public func remove(_ id: UUID, in transaction: (any FileRecordStore)? = nil) async throws {
        _ = try await (transaction ?? queries).deleteUpload(id: id)
    }

    /// Queues `body` for signed delivery to `target` (the `deliver_webhook` job), in `transaction`.
    public func announce(_ body: some Encodable, to target: WebhookTarget, in transaction: any FileRecordStore) async throws {
        try await JobQueue.enqueue(
            .deliverWebhook, payload: try WebhookDelivery.payload(url: target.url, body: body), maxAttempts: target.maxAttempts,
            in: transaction)
    }

    // MARK: -

    /// Locks the row, checks `event` against the lifecycle, runs `write`, and announces a final status.
    private func change(
        _ id: UUID, _ event: FileEvent, in transaction: (any FileRecordStore)?, announce: Bool,
        write: (any FileRecordStore, Upload) async throws -> Upload?
    ) async throws -> Upload? {
        try await (transaction ?? queries).withTransaction { q in
            guard let current = try await q.lockUpload(id: id) else { return nil }
            guard FileLifecycle.status(after: event, from: current.status) != nil else {
                throw FileLifecycleError(from: current.status, to: event.target)
            }
            guard let updated = try await write(q, current) else { return nil }
            if announce, updated.status != current.status, FileLifecycle.finalStatuses.contains(updated.status), let webhook {
                try await self.announce(WebhookEvent(upload: updated), to: webhook, in: q)
            }
            return updated
        }
    }
}

/// What `FileRecords` writes through: the `uploads` row and the job outbox, in one transaction.
public typealias FileRecordStore = FileRecordsQueries & JobOutboxQueries

/// Where final statuses are announced (`WEBHOOK_URL`, or a flow's own callback URL).
public struct WebhookTarget: Sendable, Hashable {
    public var url: String
    public var maxAttempts: Int32

    public init(url: String, maxAttempts: Int32 = 8) {
        self.url = url
        self.maxAttempts = maxAttempts
    }
}
