import Database
import Foundation
import Jobs
import Logging
import Storage

/// What the upload flows leave behind, in the order the reaper removes it: expired and dead uploads
/// first (which releases their multipart uploads), then multipart uploads nobody owns.
public enum UploadSweeps {
    public static func all(
        queries: Queries, records: FileRecords, store: any ObjectStore, settings: JobSettings, logger: Logger
    ) -> [any ReaperSweep] {
        var sweeps: [any ReaperSweep] = [
            ExpiredPresignedUploads(queries: queries, records: records, store: store),
            StaleStreamingUploads(queries: queries, records: records, store: store, age: settings.staleUploadingAge),
            ExpiredTusUploads(queries: queries, records: records, store: store, logger: logger),
            IdleChunkSessions(queries: queries, store: store, idleFor: settings.chunkedSessionIdleAge),
        ]
        // Only a store that can list its multipart uploads can find the ones nobody recorded.
        if let listing = store as? any MultipartListingStore {
            sweeps.append(
                AbandonedMultipartUploads(
                    queries: queries, store: listing, maximumAge: settings.multipartMaxAge,
                    chunkedSessionIdleAge: settings.chunkedSessionIdleAge))
        }
        return sweeps
    }
}

/// Presigned uploads nobody confirmed before their grant (and its grace) ran out: the temp object goes
/// and the file becomes `expired` (a late confirm answers 410).
public struct ExpiredPresignedUploads: ReaperSweep {
    public var name: String { "expired" }
    let queries: Queries
    let records: FileRecords
    let store: any ObjectStore

    public init(queries: Queries, records: FileRecords, store: any ObjectStore) {
        self.queries = queries
        self.records = records
        self.store = store
    }

    public func sweep() async throws -> Int {
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
}

/// Files still `uploading` long after their last byte: the process streaming them died. Their multipart
/// upload or object goes, then the row.
public struct StaleStreamingUploads: ReaperSweep {
    public var name: String { "stale_uploading" }
    let queries: Queries
    let records: FileRecords
    let store: any ObjectStore
    let age: Double

    public init(queries: Queries, records: FileRecords, store: any ObjectStore, age: Double) {
        self.queries = queries
        self.records = records
        self.store = store
        self.age = age
    }

    public func sweep() async throws -> Int {
        let rows = try await queries.listStaleUploadingUploads(ageSeconds: age, batchSize: 1000)
        for upload in rows {
            if let uploadID = upload.multipartUploadID {
                try await store.abortMultipartUpload(key: upload.storageKey, uploadID: uploadID)
            }
            try await store.deleteObject(key: upload.storageKey)
            try await records.remove(upload.id)
        }
        return rows.count
    }
}

/// Multipart uploads older than `maximumAge` that nothing owns (S3 keeps their parts, and bills them,
/// until they are aborted). An unfinished upload may own one for days — a tus client resuming, a chunk
/// session still receiving chunks, a stream still `uploading` — and those are spared.
public struct AbandonedMultipartUploads: ReaperSweep {
    public var name: String { "aborted_multipart" }
    let queries: Queries
    let store: any MultipartListingStore
    let maximumAge: Double
    let chunkedSessionIdleAge: Double

    public init(queries: Queries, store: any MultipartListingStore, maximumAge: Double, chunkedSessionIdleAge: Double) {
        self.queries = queries
        self.store = store
        self.maximumAge = maximumAge
        self.chunkedSessionIdleAge = chunkedSessionIdleAge
    }

    public func sweep() async throws -> Int {
        let cutoff = Date().addingTimeInterval(-maximumAge)
        // Read before listing: an upload that starts owning a multipart upload afterwards created it
        // after the cutoff, so the age test already spares it.
        let owned = Set(try await queries.listOwnedMultipartUploadIDs(chunkedSessionIdleSeconds: chunkedSessionIdleAge).compactMap { $0 })
        var count = 0
        for upload in try await store.multipartUploads(initiatedBefore: cutoff) where !owned.contains(upload.uploadID) {
            try await store.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
            count += 1
        }
        return count
    }
}
