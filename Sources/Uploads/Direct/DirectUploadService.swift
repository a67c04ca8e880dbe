import Database
import Foundation
import Logging
import Storage

/// Seed 000's flow: presign (`POST /upload` JSON) → the client uploads to `temp/…` → confirm (status
/// `uploaded` and the processing job, in one transaction) → workers move the file to `dest/…` →
/// `completed`. Another user's upload answers exactly like a missing one.
public struct DirectUploadService: Sendable {
    private let queries: Queries
    private let store: any ObjectStore
    private let target: any DirectUploadTarget
    private let settings: DirectUploadSettings
    private let transitions: UploadTransitions
    private let logger: Logger

    public init(
        queries: Queries, store: any ObjectStore, target: any DirectUploadTarget, settings: DirectUploadSettings,
        transitions: UploadTransitions, logger: Logger
    ) {
        self.queries = queries
        self.store = store
        self.target = target
        self.settings = settings
        self.transitions = transitions
        self.logger = logger
    }

    /// Records a `pending` upload and returns how to send its bytes.
    public func presign(userID: String, request: DirectUploadRequest, method: DirectUploadMethod) async throws -> (Upload, DirectUploadGrant) {
        let spec = try DirectUploadSpec(request, settings: settings)
        let id = UUID()
        let key = DirectUploadSettings.temporaryKey(userID: userID, fileID: id, fileName: spec.fileName)
        let grant = try await target.grant(
            method: method, key: key, size: spec.size, contentType: spec.contentType, expiresIn: settings.presignExpirySeconds)
        guard let upload = try await queries.createPendingUpload(
            id: id, userID: userID, fileName: spec.fileName, contentType: spec.contentType, storageKey: key,
            expectedSizeBytes: spec.size,
            expiresAt: grant.expiresAt.addingTimeInterval(TimeInterval(settings.confirmGraceSeconds))
        ) else { throw DirectUploadError.notFound }
        logger.info("direct upload presigned", metadata: ["file_id": "\(id)", "size": "\(spec.size)", "method": "\(method.rawValue)"])
        return (upload, grant)
    }

    /// Checks the uploaded object and queues its processing; a repeated confirm returns the current row.
    public func confirm(userID: String, fileID: UUID) async throws -> Upload {
        let upload = try await owned(userID: userID, fileID: fileID)
        switch upload.status {
        case .pending: break
        case .expired, .deleted: throw DirectUploadError.expired
        default: return upload
        }
        guard let object = try await store.headObject(key: upload.storageKey) else { throw DirectUploadError.objectMissing }
        var mismatch: String?
        if let expected = upload.expectedSizeBytes, object.size != expected {
            mismatch = "The uploaded object has \(object.size) bytes; \(expected) were announced."
        } else if let type = object.contentType, MediaType.essence(type) != MediaType.essence(upload.contentType) {
            mismatch = "The uploaded object's type is \(type); \(upload.contentType) was announced."
        }
        if let mismatch {
            try await store.deleteObject(key: upload.storageKey)
            logger.notice("direct upload refused", metadata: ["file_id": "\(fileID)", "reason": "\(mismatch)"])
            throw DirectUploadError.objectMismatch(mismatch)
        }
        let payload = ProcessUploadPayload(
            fileID: fileID, keyPath: upload.storageKey,
            destPath: DirectUploadSettings.destinationKey(userID: userID, fileID: fileID, fileName: upload.fileName))
        let confirmed = try await queries.withTransaction { q -> Upload? in
            // Locked: of two concurrent confirms, the second sees `uploaded` and queues nothing.
            guard let current = try await q.lockUpload(id: fileID) else { return nil }
            guard current.status == .pending else { return current }
            let row = try await transitions.change(fileID, to: .uploaded, details: nil, in: q)
            _ = try await q.enqueueJob(id: UUID(), kind: .processUpload, payload: payload.json,
                                       maxAttempts: settings.processingMaxAttempts, delaySeconds: 0)
            return row
        }
        guard let confirmed else { throw DirectUploadError.notFound }
        return confirmed
    }

    /// The caller's upload, whatever its status.
    public func status(userID: String, fileID: UUID) async throws -> Upload {
        try await owned(userID: userID, fileID: fileID)
    }

    /// `POST /update-status` from an external worker: any upload, allowed transitions only.
    public func updateStatus(fileID: UUID, status: UploadStatus, details: String?) async throws -> Upload {
        guard let upload = try await queries.withTransaction({ q in
            try await transitions.change(fileID, to: status, details: details, in: q)
        }) else { throw DirectUploadError.notFound }
        return upload
    }

    private func owned(userID: String, fileID: UUID) async throws -> Upload {
        guard let upload = try await queries.getUploadForUser(id: fileID, userID: userID) else { throw DirectUploadError.notFound }
        return upload
    }
}

extension MediaType {
    /// `Text/Plain; charset=x` → `text/plain`.
    static func essence(_ value: String) -> String {
        HeaderValueWithParameters(parsing: value).value.lowercased()
    }
}
