import Database
import Foundation
import Logging
import NIOCore
import Storage

/// The chunk API: a session per file, chunks sent in any order (the same index again replaces
/// the earlier chunk), and `complete`, which checks that chunks 0…total−1 are there and makes the file.
///
/// A chunk of at least 5 MiB (the store's smallest part) goes straight into one S3 multipart upload
/// per session, created for the file's final key: chunk `i` below 1000 owns parts 10i+1…10i+10
/// (`ChunkPartLayout`), room for 165 MiB by default when the request states its length. Smaller and
/// larger chunks, later indexes and bodies of unknown length wait in temporary objects under
/// `.tmp/chunks/`. When every chunk but the last is parts, `complete` sends the last one as the final
/// part and completes the upload in place; otherwise (a small chunk in between, or parts left over by
/// resent chunks) it completes the parts as a staging object and streams the whole file in index order
/// through the upload pipeline. Either way size and SHA-256 come from the stored bytes, the `uploads`
/// row is recorded, and every temporary object and part is removed. Nothing is held whole in memory or
/// written to local disk.
public struct ChunkedUploadService: Sendable {
    /// The largest `total_chunks` accepted.
    public static let maximumChunkCount = 100_000

    let queries: Queries
    let records: FileRecords
    let store: any ObjectStore
    let budget: BufferBudget
    let settings: UploadSettings
    let layout: ChunkPartLayout
    /// `MAIN_SERVICE_CALLBACK_URL`: where completions are announced; `nil` for none.
    let callback: WebhookTarget?
    private let fileNames = FileNameSanitizer()
    let logger: Logger

    public init(
        queries: Queries, records: FileRecords, store: any ObjectStore, budget: BufferBudget, settings: UploadSettings,
        callback: WebhookTarget? = nil, logger: Logger
    ) {
        self.queries = queries
        self.records = records
        self.store = store
        self.budget = budget
        self.settings = settings
        self.layout = ChunkPartLayout(settings: settings, minimumPartSize: store.minimumPartSize)
        self.callback = callback
        self.logger = logger
    }

    /// Opens a session for a file named `fileName` (sanitized as in `POST /upload`).
    public func start(userID: String, fileName: String?, mainServiceFileID: Int64?) async throws -> ChunkedUploadSession {
        guard let fileName, !fileName.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ChunkedUploadError.invalidField(name: "original_file_name", reason: "is required")
        }
        guard
            let session = try await queries.createChunkedUploadSession(
                id: UUID(), userID: userID, fileName: fileNames.sanitize(fileName), mainServiceFileID: mainServiceFileID
            )
        else { throw ChunkedUploadError.sessionNotFound }
        return session
    }

    /// Stores one chunk from a `multipart/form-data` body and returns its session, index and size.
    /// `contentLength` (the request's, when it states one) bounds the chunk's size: only a chunk known to
    /// fit its part numbers is sent as parts.
    public func receiveChunk<Body: AsyncSequence>(
        userID: String, contentType: String?, contentLength: Int64? = nil, body: Body
    ) async throws -> (sessionID: UUID, index: Int, size: Int64) where Body.Element == ByteBuffer {
        let maximum = settings.maximumUploadBytes
        // The chunk sent as parts, if it is: (writer, session, index).
        var partChunk: (writer: ChunkPartWriter, sessionID: UUID, index: Int)?
        let form: ChunkForm
        do {
            form = try await ChunkForm.read(
                contentType: contentType, body: body, store: store, budget: budget, settings: settings, logger: logger
            ) { sessionText, indexText in
                // Both fields came before the chunk: the chunk may only fill what the limit leaves, and
                // goes straight into the session's multipart upload when it fits its part numbers.
                guard let (session, index) = try? await validate(userID: userID, sessionText: sessionText, indexText: indexText) else {
                    return ChunkForm.Destination(maximum: maximum)
                }
                let others = try await queries.chunkBytes(sessionID: session.id, chunkIndex: Int32(index)) ?? 0
                let room = max(0, maximum - others)
                let upperBound = contentLength.map { min($0, room) }
                guard layout.sendsParts(chunk: index, upperBound: upperBound), let upperBound else {
                    return ChunkForm.Destination(maximum: room)
                }
                let writer = ChunkPartWriter(
                    store: store, plan: layout.plan(upperBound: upperBound), chunkIndex: index, budget: budget,
                    temporaryKey: ChunkForm.temporaryKey()
                ) { try await sessionMultipartUpload(session) }
                partChunk = (writer, session.id, index)
                return ChunkForm.Destination(maximum: room, parts: writer)
            }
        } catch {
            if let partChunk, partChunk.writer.partsStarted > 0 {
                await forgetPartChunk(sessionID: partChunk.sessionID, index: partChunk.index)
            }
            throw error
        }
        let stored = form.stored!
        do {
            let (session, index) = try await validate(userID: userID, sessionText: form.sessionID, indexText: form.chunkIndex)
            let previous = try await queries.withTransaction { transaction in
                // Under the session's lock: a running `complete` finishes first, and this chunk is refused.
                guard let locked = try await transaction.lockChunkedUploadSession(id: session.id, userID: userID) else {
                    throw ChunkedUploadError.sessionNotFound
                }
                guard locked.fileID == nil else { throw ChunkedUploadError.alreadyCompleted }
                let others = try await transaction.chunkBytes(sessionID: session.id, chunkIndex: Int32(index)) ?? 0
                guard others + stored.size <= maximum else { throw UploadError.fileTooLarge(limit: maximum) }
                let previous = try await transaction.upsertChunk(
                    sessionID: session.id, chunkIndex: Int32(index), storageKey: stored.temporaryKey, sizeBytes: stored.size,
                    parts: stored.partList)
                // Replaced parts are no longer listed, but may still be stored.
                if previous?.replacedParts == true { try await transaction.markChunkedUploadStaleParts(id: session.id) }
                try await transaction.touchChunkedUploadSession(id: session.id)
                return previous?.previousKey
            }
            // The replaced chunk's temporary object.
            if let previous, previous != stored.temporaryKey { try? await store.deleteObject(key: previous) }
            return (session.id, index, stored.size)
        } catch {
            let store = store
            await Task.detached {
                if let key = stored.temporaryKey { try? await store.deleteObject(key: key) }
            }.value
            if let partChunk, partChunk.writer.partsStarted > 0 {
                await forgetPartChunk(sessionID: partChunk.sessionID, index: partChunk.index)
            }
            throw error
        }
    }

    /// A failed chunk that had started sending parts may have overwritten the parts of the chunk
    /// recorded under its index: that chunk is forgotten (`complete` then names it missing), and the
    /// session's upload now holds parts no chunk lists.
    private func forgetPartChunk(sessionID: UUID, index: Int) async {
        let (queries, logger) = (queries, logger)
        await Task.detached {
            do {
                try await queries.deletePartChunk(sessionID: sessionID, chunkIndex: Int32(index))
                try await queries.markChunkedUploadStaleParts(id: sessionID)
            } catch {
                logger.error("could not forget an overwritten chunk", metadata: ["session": "\(sessionID)", "error": "\(error)"])
            }
        }.value
    }

    func validate(userID: String, sessionText: String?, indexText: String?) async throws -> (ChunkedUploadSession, Int) {
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
}
