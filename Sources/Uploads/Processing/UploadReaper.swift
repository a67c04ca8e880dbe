import Database
import Foundation
import Logging
import Jobs
import Storage

/// The periodic clean-up (`reap_uploads` job, queued again each time it finishes):
/// - `pending` presigned uploads past their expiry lose their temp object and become `expired`;
/// - `uploading` rows untouched for `staleUploadingAge` (their server died mid-stream) lose their
///   multipart upload or object and their row;
/// - multipart uploads older than `multipartMaxAge` are aborted, on stores that can list them, except
///   those an unfinished upload still owns (an active tus upload or chunk session, a streaming upload
///   still `uploading`): a tus upload may stay open for days while its client keeps resuming it;
/// - done jobs older than the retention are deleted.
public struct UploadReaper: JobProcessor {
    public var kind: JobKind { .reapUploads }

    let queries: Queries
    let store: any ObjectStore
    let records: FileRecords
    let settings: JobSettings
    let logger: Logger

    public init(queries: Queries, store: any ObjectStore, records: FileRecords, settings: JobSettings, logger: Logger) {
        self.queries = queries
        self.store = store
        self.records = records
        self.settings = settings
        self.logger = logger
    }

    public func run(_ job: Job) async throws -> JobCommit? {
        let expired = try await expirePendingUploads()
        let stale = try await removeStaleStreamingUploads()
        let aborted = try await abortOldMultipartUploads()
        let deletedJobs = try await queries.deleteFinishedJobs(ageSeconds: settings.doneJobRetention)
        if expired + stale + aborted + deletedJobs > 0 {
            logger.info("reaper", metadata: [
                "expired": "\(expired)", "stale_uploading": "\(stale)", "aborted_multipart": "\(aborted)", "deleted_jobs": "\(deletedJobs)",
            ])
        }
        let interval = settings.reaperInterval
        return { q in try await JobQueue.scheduleReaper(delaySeconds: interval, in: q) }
    }

    func expirePendingUploads() async throws -> Int {
        var count = 0
        while true {
            let rows = try await queries.listExpiredPendingUploads(batchSize: 100)
            for upload in rows {
                try await store.deleteObject(key: upload.storageKey)
                _ = try await records.apply(.expired, to: upload.id, details: "not confirmed before the upload grant expired")
                count += 1
            }
            if rows.count < 100 { return count }
        }
    }

    func removeStaleStreamingUploads() async throws -> Int {
        let rows = try await queries.listStaleUploadingUploads(ageSeconds: settings.staleUploadingAge, batchSize: 1000)
        for upload in rows {
            if let uploadID = upload.multipartUploadID {
                try await store.abortMultipartUpload(key: upload.storageKey, uploadID: uploadID)
            }
            try await store.deleteObject(key: upload.storageKey)
            try await records.remove(upload.id)
        }
        return rows.count
    }

    func abortOldMultipartUploads() async throws -> Int {
        guard let listing = store as? any MultipartListingStore else { return 0 }
        let cutoff = Date().addingTimeInterval(-settings.multipartMaxAge)
        // Read before listing: an upload that starts owning a multipart upload afterwards created it
        // after the cutoff, so the age test already spares it.
        let owned = Set(try await queries.listOwnedMultipartUploadIDs(chunkedSessionIdleSeconds: settings.chunkedSessionIdleAge).compactMap { $0 })
        var count = 0
        for upload in try await listing.multipartUploads(initiatedBefore: cutoff) where !owned.contains(upload.uploadID) {
            try await store.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
            count += 1
        }
        return count
    }
}
