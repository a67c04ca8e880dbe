import Foundation
import Logging
import NIOCore
import Storage

/// One `POST /upload/chunk` form, read while it arrives: the text fields `upload_session_id` and
/// `chunk_index`, and the file part `chunk`, streamed into the store (never held whole in memory):
/// into the session's multipart upload when a `ChunkPartWriter` is given for it, else into a
/// temporary object.
struct ChunkForm {
    var sessionID: String?
    var chunkIndex: String?
    /// Where the chunk's bytes are, once its part has ended.
    var stored: StoredChunk?

    /// Field names accepted for the file part (`chunk` in seed 002, `file` as in `POST /upload`).
    static let filePartNames: Set<String> = ["chunk", "file"]

    /// What to do with the file part, decided when it begins.
    struct Destination {
        /// The largest chunk allowed.
        var maximum: Int64
        /// Sends the chunk as parts of the session's multipart upload; `nil` for a temporary object.
        var parts: ChunkPartWriter?
    }

    /// Where a chunk waits for `complete`. Keys under `.tmp/` never collide with files: a stored file's
    /// first segment (the user id) never starts with a dot (see `StorageKey`).
    static func temporaryKey() -> String {
        ".tmp/chunks/\(UUID().uuidString.lowercased())"
    }

    /// The file part's sink: the session's parts or a temporary object.
    private enum Sink {
        case parts(ChunkPartWriter)
        case object(ObjectUploadStream, key: String)

        var bytesWritten: Int64 {
            switch self {
            case .parts(let writer): writer.bytesWritten
            case .object(let stream, _): stream.bytesWritten
            }
        }

        func write(_ chunk: ByteBuffer) async throws {
            switch self {
            case .parts(let writer): try await writer.write(chunk)
            case .object(let stream, _): try await stream.write(chunk)
            }
        }

        func finish() async throws -> StoredChunk {
            switch self {
            case .parts(let writer): return try await writer.finish()
            case .object(let stream, let key): return .object(key: key, size: try await stream.finish().size)
            }
        }

        func abort(logger: Logger) async {
            switch self {
            case .parts(let writer): await writer.abort(logger: logger)
            case .object(let stream, _): await stream.abort(logger: logger)
            }
        }
    }

    /// Reads the whole form. `destination(sessionID, index)` is asked once both fields have been seen
    /// before the file part; otherwise the chunk goes to a temporary object, up to `maximumUploadBytes`.
    /// On failure whatever was stored is removed (parts are left to the session) and the error rethrown.
    static func read<Body: AsyncSequence>(
        contentType: String?,
        body: Body,
        store: any ObjectStore,
        budget: BufferBudget,
        settings: UploadSettings,
        logger: Logger,
        destination: (String, String) async throws -> Destination
    ) async throws -> ChunkForm where Body.Element == ByteBuffer {
        guard let boundary = MultipartContentType.boundary(of: contentType),
              var parser = try? MultipartFormParser(boundary: boundary) else { throw UploadError.notMultipartForm }
        var form = ChunkForm()
        var current: String?
        var field: [UInt8] = []
        var fieldBytes = 0
        var sink: Sink?
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
                            var parts: ChunkPartWriter?
                            if let sessionID = form.sessionID, let index = form.chunkIndex {
                                let chosen = try await destination(sessionID, index)
                                maximum = chosen.maximum
                                parts = chosen.parts
                            }
                            if let parts {
                                sink = .parts(parts)
                            } else {
                                let key = temporaryKey()
                                sink = .object(ObjectUploadStream(
                                    store: store, key: key, contentType: "application/octet-stream",
                                    partSize: settings.partSize, maximumPartsInFlight: settings.maximumPartsInFlight, budget: budget),
                                    key: key)
                            }
                        }
                    case .bodyChunk(let chunk):
                        if let sink, let name = current, filePartNames.contains(name) {
                            guard sink.bytesWritten + Int64(chunk.readableBytes) <= maximum else {
                                throw UploadError.fileTooLarge(limit: maximum)
                            }
                            try await sink.write(chunk)
                        } else {
                            fieldBytes += chunk.readableBytes
                            guard fieldBytes <= settings.maximumFieldBytes else {
                                throw UploadError.malformedForm("form fields exceed \(settings.maximumFieldBytes) bytes")
                            }
                            field += chunk.readableBytesView
                        }
                    case .partEnd:
                        if let name = current, filePartNames.contains(name), let writing = sink {
                            form.stored = try await writing.finish()
                            sink = nil
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
            let (writing, stored) = (sink, form.stored)
            await Task.detached {
                await writing?.abort(logger: logger)
                if let key = stored?.temporaryKey { try? await store.deleteObject(key: key) }
            }.value
            throw error
        }
    }
}
