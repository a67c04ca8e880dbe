import Database
import Foundation

/// The one place that knows which status changes are allowed, and that queues the outgoing webhook in
/// the same transaction as a change to a final status (`completed`, `error`).
public struct UploadTransitions: Sendable {
    /// From → allowed targets. A change to the current status (with new details) is always allowed.
    public static let allowed: [UploadStatus: Set<UploadStatus>] = [
        .pending: [.uploaded, .expired, .error],
        .uploading: [.completed, .expired, .error],
        .uploaded: [.processing, .completed, .error],
        .processing: [.completed, .error],
        .completed: [.deleted],
        .error: [],
        .expired: [],
        .deleted: [],
    ]

    public static func isAllowed(from: UploadStatus, to: UploadStatus) -> Bool {
        from == to || allowed[from, default: []].contains(to)
    }

    public static let finalStatuses: Set<UploadStatus> = [.completed, .error]

    /// `nil`: no webhook configured.
    public let webhook: WebhookTarget?

    public init(webhook: WebhookTarget?) {
        self.webhook = webhook
    }

    /// Locks the row, checks the change and applies it; returns the updated row, or `nil` when the
    /// upload does not exist. Run inside a transaction (`queries.withTransaction`).
    public func change(
        _ id: UUID, to status: UploadStatus, details: String?, in queries: Queries
    ) async throws -> Upload? {
        guard let current = try await queries.lockUpload(id: id) else { return nil }
        guard Self.isAllowed(from: current.status, to: status) else {
            throw DirectUploadError.transitionNotAllowed(from: current.status, to: status)
        }
        if current.status == status && current.details == details { return current }
        guard let updated = try await queries.setUploadStatus(status: status, details: details, id: id) else { return nil }
        if status != current.status { try await announce(updated, in: queries) }
        return updated
    }

    /// `processing` (or `uploaded`) → `completed` with the object at its final key.
    public func complete(_ id: UUID, storageKey: String, sizeBytes: Int64, in queries: Queries) async throws -> Upload? {
        guard let current = try await queries.lockUpload(id: id) else { return nil }
        if current.status == .completed { return current }
        guard Self.isAllowed(from: current.status, to: .completed) else {
            throw DirectUploadError.transitionNotAllowed(from: current.status, to: .completed)
        }
        guard let updated = try await queries.finishProcessedUpload(storageKey: storageKey, sizeBytes: sizeBytes, id: id) else {
            return nil
        }
        try await announce(updated, in: queries)
        return updated
    }

    /// Queues the webhook of a final status (transactional outbox).
    private func announce(_ upload: Upload, in queries: Queries) async throws {
        guard let webhook, Self.finalStatuses.contains(upload.status) else { return }
        let event = WebhookEvent(upload: upload)
        _ = try await queries.enqueueJob(
            id: UUID(), kind: .deliverWebhook, payload: try event.jobPayload(url: webhook.url),
            maxAttempts: webhook.maxAttempts, delaySeconds: 0)
    }
}

/// Where final statuses are announced (`WEBHOOK_URL`).
public struct WebhookTarget: Sendable, Hashable {
    public var url: String
    public var maxAttempts: Int32

    public init(url: String, maxAttempts: Int32 = 8) {
        self.url = url
        self.maxAttempts = maxAttempts
    }
}
