import Foundation
import Logging
import NIOCore
import Storage

/// One `POST /upload/chunk` form, read while it arrives: the text fields `upload_session_id` and
/// `chunk_index`, and the file part `chunk` streamed into a temporary object (never held in memory).
struct ChunkForm {
    var sessionID: String?
    var chunkIndex: String?
    /// The temporary object holding the chunk's bytes, once its part has ended.
    var stored: (key: String, size: Int64)?

    /// Field names accepted for the file part (`chunk` in seed 002, `file` as in `POST /upload`).
    static let filePartNames: Set<String> = ["chunk", "file"]

    /// Where a chunk waits for `complete`. Keys under `.tmp/` never collide with files: a stored file's
    /// first segment (the user id) never starts with a dot (see `StorageKey`).
    static func temporaryKey() -> String {
        ".tmp/chunks/\(UUID().uuidString.lowercased())"
    }

    /// Reads the whole form. `limit(sessionID, index)` gives the largest chunk allowed once both fields
    /// have been seen before the file part (else `maximumUploadBytes` applies). On failure the temporary
    /// object is removed and the error rethrown.
    static func read<Body: AsyncSequence>(
        contentType: String?,
        body: Body,
        store: any ObjectStore,
        budget: BufferBudget,
        settings: UploadSettings,
        logger: Logger,
        limit: (String, String) async throws -> Int64
    ) async throws -> ChunkForm where Body.Element == ByteBuffer {
        guard let boundary = MultipartContentType.boundary(of: contentType),
              var parser = try? MultipartFormParser(boundary: boundary) else { throw UploadError.notMultipartForm }
        var form = ChunkForm()
        var current: String?
        var field: [UInt8] = []
        var fieldBytes = 0
        var stream: ObjectUploadStream?
        var key = ""
        var maximum = settings.maximumUploadBytes
        var hadFilePart = false
        do {
            for try await buffer in body {
                let events: [MultipartFormEvent]
                do { events = try parser.parse(buffer) } catch { throw UploadError.malformedForm("\(error)") }
                for event in events {
                    switch event {
                    case .partBegin(let headers):
                        current = headers.name
                        field = []
                        if let name = current, filePartNames.contains(name) {
                            guard !hadFilePart else { throw UploadError.multipleFileParts }
                            hadFilePart = true
                            if let sessionID = form.sessionID, let index = form.chunkIndex {
                                maximum = try await limit(sessionID, index)
                            }
                            key = temporaryKey()
                            stream = ObjectUploadStream(
                                store: store, key: key, contentType: "application/octet-stream",
                                partSize: settings.partSize, maximumPartsInFlight: settings.maximumPartsInFlight, budget: budget)
                        }
                    case .bodyChunk(let chunk):
                        if let stream, let name = current, filePartNames.contains(name) {
                            guard stream.bytesWritten + Int64(chunk.readableBytes) <= maximum else {
                                throw UploadError.fileTooLarge(limit: maximum)
                            }
                            try await stream.write(chunk)
                        } else {
                            fieldBytes += chunk.readableBytes
                            guard fieldBytes <= settings.maximumFieldBytes else {
                                throw UploadError.malformedForm("form fields exceed \(settings.maximumFieldBytes) bytes")
                            }
                            field += chunk.readableBytesView
                        }
                    case .partEnd:
                        if let name = current, filePartNames.contains(name), let uploading = stream {
                            let result = try await uploading.finish()
                            stream = nil
                            form.stored = (key, result.size)
                        } else if current == "upload_session_id" {
                            form.sessionID = String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                        } else if current == "chunk_index" {
                            form.chunkIndex = String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                        }
                        current = nil
                    }
                }
            }
            guard parser.isComplete else { throw UploadError.incompleteBody }
            guard form.stored != nil else { throw UploadError.missingFilePart }
            return form
        } catch {
            let (uploading, stored) = (stream, form.stored)
            await Task.detached {
                await uploading?.abort(logger: logger)
                if let stored { try? await store.deleteObject(key: stored.key) }
            }.value
            throw error
        }
    }
}
