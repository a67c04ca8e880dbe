import Database
import Foundation
import Jobs
import Logging
import Storage

/// Unfinished tus uploads past their expiry: their multipart upload, tail object and rows go. A client
/// that comes back after that gets 410 once (HEAD or GET reaps the upload on the spot), then 404.
public struct ExpiredTusUploads: ReaperSweep {
    public var name: String { "tus_uploads" }
    let queries: Queries
    let records: FileRecords
    let store: any ObjectStore
    let logger: Logger

    public init(queries: Queries, records: FileRecords, store: any ObjectStore, logger: Logger) {
        self.queries = queries
        self.records = records
        self.store = store
        self.logger = logger
    }

    public func sweep() async throws -> Int {
        let expired = try await queries.listExpiredTusUploads(pageSize: 100)
        for upload in expired { await reap(upload) }
        return expired.count
    }

    func reap(_ upload: TusUpload) async {
        do {
            try await queries.withTransaction { transaction in
                try await transaction.lockTusUpload(lockKey: TusUploadService.lockKey(upload.id))
                // Re-read under the lock: a PATCH may have just finished it.
                guard let current = try await transaction.getTusUpload(id: upload.id, userID: upload.userID),
                    current.fileID == nil, current.expiresAt < Date()
                else { return }
                try await Self.discardStoredBytes(of: current, in: store)
                try await records.remove(current.id, in: transaction)
                try await transaction.deleteTusUpload(id: current.id)
            }
            logger.info("expired tus upload reaped", metadata: ["upload_id": "\(upload.id)"])
        } catch {
            logger.error("could not reap a tus upload", metadata: ["upload_id": "\(upload.id)", "error": "\(error)"])
        }
    }

    /// An unfinished upload's bytes: its multipart upload and the tail object waiting for the next PATCH.
    static func discardStoredBytes(of upload: TusUpload, in store: any ObjectStore) async throws {
        if let uploadID = upload.multipartUploadID {
            try await store.abortMultipartUpload(key: upload.storageKey, uploadID: uploadID)
        }
        if let tail = upload.tailKey { try await store.deleteObject(key: tail) }
    }
}
