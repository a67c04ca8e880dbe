import Database

/// What can happen to a stored file's row. Each flow reaches a status through one of these events,
/// never by writing a status word itself.
public enum FileEvent: String, CaseIterable, Sendable {
    /// A presigned upload's bytes were confirmed in the store.
    case received
    /// A worker took the file for processing.
    case processingStarted
    /// The object is final: size, SHA-256 and key recorded.
    case completed
    case failed
    /// Nobody finished the upload in time.
    case expired
    /// The owner deleted the file; the row is hidden while its object is removed.
    case deleted

    /// The status the event leads to.
    public var target: UploadStatus {
        switch self {
        case .received: .uploaded
        case .processingStarted: .processing
        case .completed: .completed
        case .failed: .error
        case .expired: .expired
        case .deleted: .deleted
        }
    }

    /// The event that leads to `status`, for callers that name a status (`POST /update-status`);
    /// `nil` for the statuses a row only starts in (`pending`, `uploading`).
    public init?(reaching status: UploadStatus) {
        guard let event = Self.allCases.first(where: { $0.target == status }) else { return nil }
        self = event
    }
}

/// The allowed status changes of a stored file, in one table. A row starts `pending` (presigned upload)
/// or `uploading` (bytes streaming through this service) and ends `completed`, `error`, `expired` or
/// removed.
public enum FileLifecycle {
    /// Status → events allowed from it.
    public static let allowed: [UploadStatus: Set<FileEvent>] = [
        .pending: [.received, .expired, .failed],
        .uploading: [.completed, .expired, .failed],
        .uploaded: [.processingStarted, .completed, .failed],
        .processing: [.completed, .failed],
        .completed: [.deleted],
        .error: [],
        .expired: [],
        .deleted: [],
    ]

    /// Statuses whose change is announced (webhook outbox).
    public static let finalStatuses: Set<UploadStatus> = [.completed, .error]

    /// The status after `event` from `status`, or `nil` when the event is not allowed there. An event
    /// that leads to the current status is a repetition (a retried job, a repeated confirm) and allowed.
    public static func status(after event: FileEvent, from status: UploadStatus) -> UploadStatus? {
        if event.target == status || allowed[status, default: []].contains(event) { return event.target }
        return nil
    }
}
