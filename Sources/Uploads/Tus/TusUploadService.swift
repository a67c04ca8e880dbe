import Crypto
import Database
import Foundation
import Logging
import NIOCore
import Storage

/// tus 1.0 uploads on top of an S3 multipart upload, with all state in PostgreSQL and the store.
///
/// Bytes of a PATCH go into part-sized buffers (from the shared `BufferBudget`); each full buffer becomes
/// the next part of the multipart upload. Bytes that don't fill a part when a PATCH ends are kept as a
/// temporary object (`.tmp/tus/{id}/{offset}`, the row's `tail_key`) and read back in front of the next
/// PATCH, so nothing lives on local disk and the offset survives a restart. SHA-256 of the whole file is
/// computed once, after the final byte, by streaming the assembled object back (digest state can't be
/// persisted portably between PATCHes that may land on different instances).
public struct TusUploadService: Sendable {
    let queries: Queries
    let records: FileRecords
    let store: any ObjectStore
    let budget: BufferBudget
    let settings: UploadSettings
    /// How long an unfinished upload lives after its creation or its last PATCH.
    public let expiresAfter: TimeInterval
    let fileNames = FileNameSanitizer()
    let logger: Logger

    public init(
        queries: Queries, records: FileRecords, store: any ObjectStore, budget: BufferBudget, settings: UploadSettings,
        expiresAfter: TimeInterval, logger: Logger
    ) {
        self.queries = queries
        self.records = records
        self.store = store
        self.budget = budget
        self.settings = settings
        self.expiresAfter = expiresAfter
        self.logger = logger
    }

    /// Largest upload accepted (`Tus-Max-Size`).
    public var maximumSize: Int64 { settings.maximumUploadBytes }

    /// Creates an upload of `length` bytes (`nil`: deferred) and its `uploads` row (status `uploading`).
    public func create(userID: String, length: Int64?, metadata: TusMetadata) async throws -> TusUpload {
        if let length, length > maximumSize { throw TusError.tooLarge(limit: maximumSize) }
        let id = UUID()
        let fileName = fileNames.sanitize(metadata.fileName)
        let contentType = MediaType.normalized(metadata.fileType) ?? MediaType.guess(fileName: fileName)
        let key = StorageKey.forFile(userID: userID, fileID: id, fileName: fileName)
        return try await queries.withTransaction { queries in
            _ = try await records.startUploading(
                id: id, userID: userID, fileName: fileName, contentType: contentType, storageKey: key, in: queries)
            guard
                let upload = try await queries.createTusUpload(
                    id: id, userID: userID, fileName: fileName, contentType: contentType, uploadLength: length,
                    metadata: metadata.header, storageKey: key, expiresAt: Date().addingTimeInterval(expiresAfter))
            else { throw TusError.notFound }
            return upload
        }
    }

    /// The upload's state for HEAD and GET. An expired unfinished upload is reaped and answers `expired`.
    public func status(userID: String, id: UUID) async throws -> TusUpload {
        guard let upload = try await queries.getTusUpload(id: id, userID: userID) else { throw TusError.notFound }
        if upload.fileID == nil, upload.expiresAt < Date() {
            await ExpiredTusUploads(queries: queries, records: records, store: store, logger: logger).reap(upload)
            throw TusError.expired
        }
        return upload
    }

    /// Termination: discards an unfinished upload's parts, tail and rows. A finished upload's file stays
    /// (delete it with `DELETE /files/{id}`); only its tus record goes.
    public func terminate(userID: String, id: UUID) async throws {
        try await queries.withTransaction { transaction in
            try await transaction.lockTusUpload(lockKey: Self.lockKey(id))
            guard let upload = try await transaction.getTusUpload(id: id, userID: userID) else { throw TusError.notFound }
            if upload.fileID == nil {
                try await ExpiredTusUploads.discardStoredBytes(of: upload, in: store)
                try await records.remove(id, in: transaction)
            }
            try await transaction.deleteTusUpload(id: id)
        }
    }

    /// The advisory lock key of an upload: its id's first 8 bytes.
    static func lockKey(_ id: UUID) -> Int64 {
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0.prefix(8)) }
        return bytes.reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }
}

extension TusMetadata {
    /// The header as stored (values re-encoded, keys sorted).
    var header: String? {
        guard !values.isEmpty else { return nil }
        return values.sorted { $0.key < $1.key }
            .map { $0.value.isEmpty ? $0.key : "\($0.key) \(Data($0.value.utf8).base64EncodedString())" }
            .joined(separator: ",")
    }
}
