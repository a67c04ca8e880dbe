import Database
import Foundation
import Storage

extension ChunkedUploadService {
    /// The key of the file a session makes when its chunks are parts: the session's id is the file's id.
    static func finalKey(of session: ChunkedUploadSession) -> String {
        StorageKey.forFile(userID: session.userID, fileID: session.id, fileName: session.fileName)
    }

    /// The session's multipart upload, created on first use. Two chunks may race to create it: the
    /// first one recorded wins and the other aborts its own.
    func sessionMultipartUpload(_ session: ChunkedUploadSession) async throws -> ChunkPartWriter.MultipartUpload {
        if let uploadID = session.multipartUploadID, let key = session.storageKey { return (key, uploadID) }
        let key = Self.finalKey(of: session)
        let created = try await store.createMultipartUpload(key: key, contentType: MediaType.guess(fileName: session.fileName))
        if try await queries.setChunkedUploadMultipartUpload(storageKey: key, multipartUploadID: created, id: session.id) != nil {
            return (key, created)
        }
        try? await store.abortMultipartUpload(key: key, uploadID: created)
        guard let current = try await queries.getChunkedUploadSession(id: session.id, userID: session.userID),
            let uploadID = current.multipartUploadID, let currentKey = current.storageKey
        else { throw ChunkedUploadError.sessionNotFound }
        return (currentKey, uploadID)
    }

    /// Removes a session: its temporary chunks, its multipart upload and, when it was completed, the
    /// file it made. Returns the completed file's id, if there was one.
    @discardableResult
    public func delete(userID: String, sessionID: UUID, library: FileLibrary) async throws -> UUID? {
        guard let session = try await queries.getChunkedUploadSession(id: sessionID, userID: userID) else {
            throw ChunkedUploadError.sessionNotFound
        }
        try await Self.discardMultipartUpload(of: session, in: store)
        await removeChunks(try await queries.listChunks(sessionID: sessionID), sessionID: sessionID)
        if let fileID = session.fileID {
            do { try await library.delete(userID: userID, id: fileID) } catch UploadError.fileNotFound {}
        }
        try await queries.deleteChunkedUploadSession(id: sessionID)
        return session.fileID
    }

    /// Aborts an unfinished session's multipart upload and removes what a failed `complete` may have
    /// left under its key (a completed session's key is its file, which stays).
    static func discardMultipartUpload(of session: ChunkedUploadSession, in store: any ObjectStore) async throws {
        guard session.fileID == nil, let key = session.storageKey else { return }
        if let uploadID = session.multipartUploadID { try await store.abortMultipartUpload(key: key, uploadID: uploadID) }
        try await store.deleteObject(key: key)
    }

    /// Deletes the chunks' temporary objects, then their rows; a failure is logged (the rows keep the keys).
    func removeChunks(_ chunks: [ChunkedUploadChunk], sessionID: UUID) async {
        let (store, queries, logger) = (self.store, self.queries, self.logger)
        await Task.detached {
            do {
                for chunk in chunks {
                    if let key = chunk.storageKey { try await store.deleteObject(key: key) }
                }
                try await queries.deleteChunks(sessionID: sessionID)
            } catch {
                logger.error("could not remove temporary chunks", metadata: ["session": "\(sessionID)", "error": "\(error)"])
            }
        }.value
    }
}
