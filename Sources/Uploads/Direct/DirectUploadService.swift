import Database
import Foundation
import Logging
import Storage

/// The presigned flow: presign (`POST /upload` JSON) → the client uploads to `temp/…` → confirm (status
/// `uploaded` and the processing job, in one transaction) → workers move the file to `dest/…` →
/// `completed`. Another user's upload answers exactly like a missing one.
public struct DirectUploadService: Sendable {
    private let queries: Queries
    private let store: any ObjectStore
    private let target: any DirectUploadTarget
    private let settings: DirectUploadSettings
    private let records: FileRecords
    private let logger: Logger

    public init(
        queries: Queries, store: any ObjectStore, target: any DirectUploadTarget, settings: DirectUploadSettings,
        records: FileRecords, logger: Logger
    ) {
        self.queries = queries
        self.store = store
        self.target = target
        self.settings = settings
        self.records = records
        self.logger = logger
    }

    /// Records a `pending` upload and returns how to send its bytes.
    public func presign(userID: String, request: DirectUploadRequest, method: DirectUploadMethod) async throws -> (
        Upload, DirectUploadGrant
    ) {
        let spec = try DirectUploadSpec(request, settings: settings)
        let id = UUID()
        let key = DirectUploadSettings.temporaryKey(userID: userID, fileID: id, fileName: spec.fileName)
        let grant = try await target.grant(
            method: method, key: key, size: spec.size, contentType: spec.contentType, expiresIn: settings.presignExpirySeconds)
        let upload = try await records.startPending(
            id: id, userID: userID, fileName: spec.fileName, contentType: spec.contentType, storageKey: key,
            expectedSize: spec.size, expiresAt: grant.expiresAt.addingTimeInterval(TimeInterval(settings.confirmGraceSeconds)))
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
        // Of two concurrent confirms, the second sees `uploaded` and queues nothing.
        guard let confirmed = try await records.confirm(fileID, processing: payload, maxAttempts: settings.processingMaxAttempts) else {
            throw DirectUploadError.notFound
        }
        return confirmed
    }

    /// The caller's upload, whatever its status.
    public func status(userID: String, fileID: UUID) async throws -> Upload {
        try await owned(userID: userID, fileID: fileID)
    }

    /// `POST /update-status` from an external worker: any upload, allowed transitions only.
    public func updateStatus(fileID: UUID, status: UploadStatus, details: String?) async throws -> Upload {
        guard let upload = try await records.apply(status: status, to: fileID, details: details) else {
            throw DirectUploadError.notFound
        }
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
