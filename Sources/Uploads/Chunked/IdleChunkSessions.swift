import Database
import Foundation
import Jobs
import Storage

/// Chunk sessions never completed and idle (no chunk) for `idleFor`: their multipart upload, their
/// temporary chunks, then their rows.
public struct IdleChunkSessions: ReaperSweep {
    public var name: String { "chunk_sessions" }
    let queries: Queries
    let store: any ObjectStore
    let idleFor: Double

    public init(queries: Queries, store: any ObjectStore, idleFor: Double) {
        self.queries = queries
        self.store = store
        self.idleFor = idleFor
    }

    public func sweep() async throws -> Int {
        let stale = try await queries.listStaleChunkedUploadSessions(idleBefore: Date().addingTimeInterval(-idleFor), pageSize: 100)
        for session in stale {
            try await queries.withTransaction { transaction in
                // Re-checked under the row lock: a `complete` may be running.
                guard let current = try await transaction.lockChunkedUploadSession(id: session.id, userID: session.userID),
                    current.fileID == nil, current.updatedAt == session.updatedAt
                else { return }
                try await ChunkedUploadService.discardMultipartUpload(of: current, in: store)
                for chunk in try await transaction.listChunks(sessionID: session.id) {
                    if let key = chunk.storageKey { try await store.deleteObject(key: key) }
                }
                try await transaction.deleteChunkedUploadSession(id: session.id)
            }
        }
        return stale.count
    }
}
