import Database
import Foundation
import Logging
import NIOCore
import Storage

/// One file on its way in: its `uploads` row (written first, status `uploading`), the object being
/// streamed into the store, which also hashes it (SHA-256) and counts its size. `complete` completes the
/// row once the store has the object; `discard` removes whatever exists so far.
final class IncomingFile {
    let id: UUID
    let userID: String
    let fileName: String
    let storageKey: String
    private let records: FileRecords
    private let store: any ObjectStore
    private let stream: ObjectUploadStream
    private let maximumBytes: Int64
    private let logger: Logger
    private var storedObject: ObjectUploadStream.Result?
    private var rowCreated = false

    init(
        userID: String,
        fileName: String,
        contentType: String,
        expectedSize: Int64?,
        records: FileRecords,
        store: any ObjectStore,
        budget: BufferBudget,
        settings: UploadSettings,
        logger: Logger
    ) async throws {
        let id = UUID()
        let key = StorageKey.forFile(userID: userID, fileID: id, fileName: fileName)
        self.id = id
        self.userID = userID
        self.fileName = fileName
        self.storageKey = key
        self.records = records
        self.store = store
        self.maximumBytes = settings.maximumUploadBytes
        self.logger = logger
        self.stream = ObjectUploadStream(
            store: store, key: key, contentType: contentType,
            partSize: settings.partSize, maximumPartsInFlight: settings.maximumPartsInFlight, budget: budget,
            computesSHA256: true,
            expectedSize: expectedSize, streamedPartSize: settings.streamedPartSize > 0 ? settings.streamedPartSize : nil,
            onMultipartUploadCreated: { uploadID in
                try await records.recordMultipartUpload(uploadID, of: id)
            }
        )
        _ = try await records.startUploading(id: id, userID: userID, fileName: fileName, contentType: contentType, storageKey: key)
        rowCreated = true
    }

    func write(_ chunk: ByteBuffer) async throws {
        guard stream.bytesWritten + Int64(chunk.readableBytes) <= maximumBytes else {
            throw UploadError.fileTooLarge(limit: maximumBytes)
        }
        try await stream.write(chunk)
    }

    /// Stores the object (the part of the form with this file has ended).
    func storeObject() async throws {
        storedObject = try await stream.finish()
    }

    /// Marks the row completed; call after the whole request body was read.
    func complete() async throws -> Upload {
        guard let storedObject else { preconditionFailure("complete() before storeObject()") }
        guard let digest = storedObject.sha256 else { preconditionFailure("the upload stream hashes every file") }
        let completed: Upload?
        do {
            completed = try await records.complete(id, size: storedObject.size, sha256: digest)
        } catch is FileLifecycleError {
            completed = nil  // no longer `uploading`: reaped while the bytes streamed in
        }
        guard let upload = completed else { throw UploadError.fileNotFound }
        logger.info(
            "file uploaded",
            metadata: [
                "file_id": "\(id)", "size": "\(storedObject.size)", "parts": "\(storedObject.partCount)",
            ])
        return upload
    }

    /// Removes the multipart upload or object and the row. Runs detached from the request's task, so a
    /// client that went away (cancelling the request) doesn't cancel the clean-up.
    func discard() async {
        let (stream, store, records, key, id, logger, stored, rowCreated) =
            (self.stream, self.store, self.records, storageKey, self.id, self.logger, storedObject != nil, self.rowCreated)
        await runUncancelled {
            await stream.abort(logger: logger)
            do {
                if stored { try await store.deleteObject(key: key) }
                if rowCreated { try await records.remove(id) }
            } catch {
                logger.error("could not clean up a failed upload", metadata: ["file_id": "\(id)", "error": "\(error)"])
            }
        }
    }
}
