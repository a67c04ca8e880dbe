import Database
import Foundation
import Logging
import Storage

/// A user's stored files: listing, metadata, content and deletion. Another user's file answers exactly
/// like a missing one.
public struct FileLibrary: Sendable {
    public struct Page: Sendable {
        public var files: [Upload]
        /// Pass as `cursor` to get the next page; `nil` on the last page.
        public var nextCursor: String?
    }

    public static let defaultPageSize = 50
    public static let maximumPageSize = 1000

    private let queries: Queries
    private let records: FileRecords
    private let store: any ObjectStore
    private let logger: Logger

    public init(queries: Queries, records: FileRecords, store: any ObjectStore, logger: Logger) {
        self.queries = queries
        self.records = records
        self.store = store
        self.logger = logger
    }

    /// Completed files of `userID`, newest first.
    public func list(userID: String, limit: Int?, cursor: String?) async throws -> Page {
        let limit = limit ?? Self.defaultPageSize
        guard (1...Self.maximumPageSize).contains(limit) else { throw UploadError.invalidLimit }
        let after = try cursor.map(FileListCursor.init(encoded:))
        // One extra row tells whether there is a next page.
        let pageSize = limit + 1
        var rows: [Upload]
        if let after {
            rows = try await queries.listUploadsForUserBefore(
                userID: userID, beforeCreatedAt: after.createdAt, beforeID: after.id, pageSize: .init(pageSize))
        } else {
            rows = try await queries.listUploadsForUser(userID: userID, pageSize: .init(pageSize))
        }
        var next: String?
        if rows.count > limit {
            rows.removeLast(rows.count - limit)
            next = rows.last.map { FileListCursor(createdAt: $0.createdAt, id: $0.id).encoded }
        }
        return Page(files: rows, nextCursor: next)
    }

    /// A completed file of `userID`.
    public func file(userID: String, id: UUID) async throws -> Upload {
        guard let upload = try await queries.getUploadForUser(id: id, userID: userID), upload.status == .completed else {
            throw UploadError.fileNotFound
        }
        return upload
    }

    /// The file and a stream of its bytes, or of the single range the `Range` header asks for.
    public func content(userID: String, id: UUID, rangeHeader: String?) async throws -> (Upload, ObjectDownload) {
        let upload = try await file(userID: userID, id: id)
        let range = try ByteRange.resolve(header: rangeHeader, size: upload.sizeBytes ?? 0)
        do {
            return (upload, try await store.getObject(key: upload.storageKey, range: range))
        } catch ObjectStoreError.notFound {
            logger.error("row without object", metadata: ["file_id": "\(id)", "key": "\(upload.storageKey)"])
            throw UploadError.fileNotFound
        } catch ObjectStoreError.invalidRange {
            throw UploadError.rangeNotSatisfiable(size: upload.sizeBytes ?? 0)
        }
    }

    /// Deletes the object, then the row. The row is first hidden (status `deleted`), so a failure in
    /// between leaves a row a retry (or the reaper) finishes, never an object nobody knows about.
    public func delete(userID: String, id: UUID) async throws {
        guard let upload = try await queries.getUploadForUser(id: id, userID: userID),
            upload.status == .completed || upload.status == .deleted
        else {
            throw UploadError.fileNotFound
        }
        guard try await records.hide(id, userID: userID) != nil else { throw UploadError.fileNotFound }
        try await store.deleteObject(key: upload.storageKey)
        try await records.remove(id)
    }
}
