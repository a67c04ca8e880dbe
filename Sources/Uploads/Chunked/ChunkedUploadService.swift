import Database
import Foundation
import Logging
import NIOCore
import Storage

/// Seed 002's chunk API: a session per file, chunks sent in any order (the same index again replaces
/// the earlier chunk), and `complete`, which streams the chunks in index order into the final object.
///
/// Every chunk, whatever its size (1 byte and up), is kept as a temporary object under `.tmp/chunks/`
/// while the session is open; nothing is held in memory or on local disk. `complete` reads them back one
/// after the other into an `ObjectUploadStream` (parts of `UPLOAD_PART_BYTES`), computing size and
/// SHA-256 of the whole file on the way, then removes every temporary object.
public struct ChunkedUploadService: Sendable {
    /// The largest `total_chunks` accepted.
    public static let maximumChunkCount = 100_000

    private let queries: Queries
    private let store: any ObjectStore
    private let budget: BufferBudget
    private let settings: UploadSettings
    /// `MAIN_SERVICE_CALLBACK_URL`: where completions are announced; `nil` for none.
    private let callback: WebhookTarget?
    private let fileNames = FileNameSanitizer()
    private let logger: Logger

    public init(
        queries: Queries, store: any ObjectStore, budget: BufferBudget, settings: UploadSettings,
        callback: WebhookTarget? = nil, logger: Logger
    ) {
        self.queries = queries
        self.store = store
        self.budget = budget
        self.settings = settings
        self.callback = callback
        self.logger = logger
    }

    /// Opens a session for a file named `fileName` (sanitized as in `POST /upload`).
    public func start(userID: String, fileName: String?, mainServiceFileID: Int64?) async throws -> ChunkedUploadSession {
        guard let fileName, !fileName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ChunkedUploadError.invalidField(name: "original_file_name", reason: "is required")
        }
        guard let session = try await queries.createChunkedUploadSession(
            id: UUID(), userID: userID, fileName: fileNames.sanitize(fileName), mainServiceFileID: mainServiceFileID
        ) else { throw ChunkedUploadError.sessionNotFound }
        return session
    }

    /// Stores one chunk from a `multipart/form-data` body and returns its session, index and size.
    public func receiveChunk<Body: AsyncSequence>(
        userID: String, contentType: String?, body: Body
    ) async throws -> (sessionID: UUID, index: Int, size: Int64) where Body.Element == ByteBuffer {
        let maximum = settings.maximumUploadBytes
        let form = try await ChunkForm.read(
            contentType: contentType, body: body, store: store, budget: budget, settings: settings, logger: logger
        ) { sessionText, indexText in
            // Both fields came before the chunk: the chunk may only fill what the limit leaves.
            guard let id = UUID(uuidString: sessionText), let index = Int32(indexText) else { return maximum }
            let others = try await queries.chunkBytes(sessionID: id, chunkIndex: index) ?? 0
            return max(0, maximum - others)
        }
        let stored = form.stored!
        do {
            let (session, index) = try await validate(userID: userID, sessionText: form.sessionID, indexText: form.chunkIndex)
            let others = try await queries.chunkBytes(sessionID: session.id, chunkIndex: Int32(index)) ?? 0
            guard others + stored.size <= maximum else { throw UploadError.fileTooLarge(limit: maximum) }
            let previous = try await queries.upsertChunk(
                sessionID: session.id, chunkIndex: Int32(index), storageKey: stored.key, sizeBytes: stored.size)
            try await queries.touchChunkedUploadSession(id: session.id)
            if let previous, previous != stored.key { try? await store.deleteObject(key: previous) }
            return (session.id, index, stored.size)
        } catch {
            let store = store
            await Task.detached { try? await store.deleteObject(key: stored.key) }.value
            throw error
        }
    }

    /// Checks that chunks 0..<`totalChunks` are all there, streams them into the final object, records
    /// the `uploads` row (size and SHA-256 of the whole file) and removes the temporary objects.
    public func complete(userID: String, sessionID: UUID, totalChunks: Int, mainServiceFileID: Int64?) async throws -> Upload {
        guard (1...Self.maximumChunkCount).contains(totalChunks) else {
            throw ChunkedUploadError.invalidField(name: "total_chunks", reason: "must be between 1 and \(Self.maximumChunkCount)")
        }
        // The session row stays locked until the file is recorded: a second `complete` waits, then
        // finds the session completed (409) instead of assembling another copy.
        let (upload, chunks, session) = try await queries.withTransaction { transaction in
            guard let session = try await transaction.lockChunkedUploadSession(id: sessionID, userID: userID) else {
                throw ChunkedUploadError.sessionNotFound
            }
            guard session.fileID == nil else { throw ChunkedUploadError.alreadyCompleted }
            let chunks = try await transaction.listChunks(sessionID: sessionID)
            let present = Set(chunks.map { Int($0.chunkIndex) })
            let missing = (0..<totalChunks).filter { !present.contains($0) }
            guard missing.isEmpty else { throw ChunkedUploadError.missingChunks(missing) }
            let extra = chunks.map { Int($0.chunkIndex) }.filter { $0 >= totalChunks }
            guard extra.isEmpty else { throw ChunkedUploadError.unexpectedChunks(extra) }
            let total = chunks.reduce(Int64(0)) { $0 + $1.sizeBytes }
            guard total <= settings.maximumUploadBytes else { throw UploadError.fileTooLarge(limit: settings.maximumUploadBytes) }
            let upload = try await assemble(chunks, session: session, userID: userID) { upload in
                try await transaction.setChunkedUploadFile(fileID: upload.id, id: sessionID)
                // The announcement is queued with the session's change (outbox); a job delivers it signed.
                if let callback {
                    let event = ChunkedCompletionEvent(
                        base: WebhookEvent(upload: upload), mainServiceFileID: mainServiceFileID ?? session.mainServiceFileID,
                        uploadSessionID: sessionID.uuidString.lowercased())
                    _ = try await transaction.enqueueJob(
                        id: UUID(), kind: .deliverWebhook, payload: try event.jobPayload(url: callback.url),
                        maxAttempts: callback.maxAttempts, delaySeconds: 0)
                }
            }
            return (upload, chunks, session)
        }
        await removeChunks(chunks, sessionID: sessionID)
        logger.info("chunked upload completed", metadata: [
            "session": "\(sessionID)", "file_id": "\(upload.id)", "chunks": "\(chunks.count)",
            "main_service_file_id": "\(mainServiceFileID ?? session.mainServiceFileID ?? -1)",
        ])
        return upload
    }

    /// Streams the chunks, in order, into the final object and completes its `uploads` row; `record`
    /// runs last. On any failure the object and row are removed.
    private func assemble(
        _ chunks: [ChunkedUploadChunk], session: ChunkedUploadSession, userID: String,
        record: (Upload) async throws -> Void
    ) async throws -> Upload {
        let file = try await IncomingFile(
            userID: userID, fileName: session.fileName, contentType: MediaType.guess(fileName: session.fileName),
            queries: queries, store: store, budget: budget, settings: settings, logger: logger)
        do {
            for chunk in chunks {
                let download = try await store.getObject(key: chunk.storageKey, range: nil)
                for try await buffer in download.body { try await file.write(buffer) }
            }
            try await file.storeObject()
            let upload = try await file.complete()
            try await record(upload)
            return upload
        } catch {
            await file.discard()
            throw error
        }
    }

    /// Removes a session: its temporary chunks and, when it was completed, the file it made.
    /// Returns the completed file's id, if there was one.
    @discardableResult
    public func delete(userID: String, sessionID: UUID, library: FileLibrary) async throws -> UUID? {
        guard let session = try await queries.getChunkedUploadSession(id: sessionID, userID: userID) else {
            throw ChunkedUploadError.sessionNotFound
        }
        await removeChunks(try await queries.listChunks(sessionID: sessionID), sessionID: sessionID)
        if let fileID = session.fileID {
            do { try await library.delete(userID: userID, id: fileID) } catch UploadError.fileNotFound {}
        }
        try await queries.deleteChunkedUploadSession(id: sessionID)
        return session.fileID
    }

    /// Removes sessions that were never completed and got no chunk for `idleFor`: their temporary
    /// chunks, then the rows. Returns how many.
    @discardableResult
    public func reapAbandoned(idleFor: TimeInterval, limit: Int = 100) async throws -> Int {
        let stale = try await queries.listStaleChunkedUploadSessions(idleBefore: Date().addingTimeInterval(-idleFor), pageSize: Int64(limit))
        for session in stale {
            try await queries.withTransaction { transaction in
                // Re-checked under the row lock: a `complete` may be running.
                guard let current = try await transaction.lockChunkedUploadSession(id: session.id, userID: session.userID),
                      current.fileID == nil, current.updatedAt == session.updatedAt else { return }
                for chunk in try await transaction.listChunks(sessionID: session.id) {
                    try await store.deleteObject(key: chunk.storageKey)
                }
                try await transaction.deleteChunkedUploadSession(id: session.id)
            }
        }
        return stale.count
    }

    private func validate(userID: String, sessionText: String?, indexText: String?) async throws -> (ChunkedUploadSession, Int) {
        guard let sessionText, !sessionText.isEmpty else {
            throw ChunkedUploadError.invalidField(name: "upload_session_id", reason: "is required")
        }
        guard let id = UUID(uuidString: sessionText) else { throw ChunkedUploadError.sessionNotFound }
        guard let indexText, !indexText.isEmpty else {
            throw ChunkedUploadError.invalidField(name: "chunk_index", reason: "is required")
        }
        guard let index = Int(indexText), (0..<Self.maximumChunkCount).contains(index) else {
            throw ChunkedUploadError.invalidField(name: "chunk_index", reason: "must be an integer from 0 to \(Self.maximumChunkCount - 1)")
        }
        guard let session = try await queries.getChunkedUploadSession(id: id, userID: userID) else {
            throw ChunkedUploadError.sessionNotFound
        }
        guard session.fileID == nil else { throw ChunkedUploadError.alreadyCompleted }
        return (session, index)
    }

    /// Deletes the chunks' objects, then their rows; a failure is logged (the rows keep the keys).
    private func removeChunks(_ chunks: [ChunkedUploadChunk], sessionID: UUID) async {
        let (store, queries, logger) = (self.store, self.queries, self.logger)
        await Task.detached {
            do {
                for chunk in chunks { try await store.deleteObject(key: chunk.storageKey) }
                try await queries.deleteChunks(sessionID: sessionID)
            } catch {
                logger.error("could not remove temporary chunks", metadata: ["session": "\(sessionID)", "error": "\(error)"])
            }
        }.value
    }
}
