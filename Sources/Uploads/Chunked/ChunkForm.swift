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
    /// Other text fields are accepted and not used. On failure whatever was stored is removed (parts
    /// are left to the session) and the error rethrown.
    static func read<Body: AsyncSequence>(
        contentType: String?,
        body: Body,
        store: any ObjectStore,
        budget: BufferBudget,
        settings: UploadSettings,
        logger: Logger,
        destination: (String, String) async throws -> Destination
    ) async throws -> ChunkForm where Body.Element == ByteBuffer {
        try await withoutActuallyEscaping(destination) { destination in
            var receiver = Receiver(store: store, budget: budget, settings: settings, destination: destination)
            do {
                let reader = MultipartFormReader(filePartNames: filePartNames, maximumFieldBytes: settings.maximumFieldBytes)
                try await reader.read(contentType: contentType, body: body, into: &receiver)
                return receiver.form
            } catch {
                let (writing, stored) = (receiver.sink, receiver.form.stored)
                await runUncancelled {
                    await writing?.abort(logger: logger)
                    if let key = stored?.temporaryKey { try? await store.deleteObject(key: key) }
                }
                throw error
            }
        }
    }

    /// Fills a `ChunkForm` from the parts as they arrive.
    private struct Receiver: MultipartFormReceiver {
        let store: any ObjectStore
        let budget: BufferBudget
        let settings: UploadSettings
        let destination: (String, String) async throws -> Destination
        var form = ChunkForm()
        /// Where the chunk's bytes go while its part arrives.
        var sink: Sink?
        var maximum: Int64

        init(
            store: any ObjectStore, budget: BufferBudget, settings: UploadSettings,
            destination: @escaping (String, String) async throws -> Destination
        ) {
            self.store = store
            self.budget = budget
            self.settings = settings
            self.destination = destination
            self.maximum = settings.maximumUploadBytes
        }

        mutating func fileBegins(_ part: MultipartFilePart) async throws {
            var parts: ChunkPartWriter?
            if let sessionID = form.sessionID, let index = form.chunkIndex {
                let chosen = try await destination(sessionID, index)
                maximum = chosen.maximum
                parts = chosen.parts
            }
            if let parts {
                sink = .parts(parts)
            } else {
                let key = ChunkForm.temporaryKey()
                sink = .object(
                    ObjectUploadStream(
                        store: store, key: key, contentType: "application/octet-stream",
                        partSize: settings.partSize, maximumPartsInFlight: settings.maximumPartsInFlight, budget: budget),
                    key: key)
            }
        }

        func fileBytes(_ chunk: ByteBuffer) async throws {
            guard let sink else { return }
            guard sink.bytesWritten + Int64(chunk.readableBytes) <= maximum else {
                throw UploadError.fileTooLarge(limit: maximum)
            }
            try await sink.write(chunk)
        }

        mutating func fileEnds() async throws {
            form.stored = try await sink?.finish()
            sink = nil
        }

        mutating func field(name: String, value: String) async throws {
            let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
            switch name {
            case "upload_session_id": form.sessionID = value
            case "chunk_index": form.chunkIndex = value
            default: break
            }
        }
    }
}
