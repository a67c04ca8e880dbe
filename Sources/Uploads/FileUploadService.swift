import Database
import Logging
import NIOCore
import Storage

/// Receives `multipart/form-data` uploads (`POST /upload`): the part named `file` is streamed
/// into the object store while the body arrives, never collected in memory, and recorded in `uploads`.
public struct FileUploadService: Sendable {
    private let records: FileRecords
    private let store: any ObjectStore
    private let budget: BufferBudget
    private let settings: UploadSettings
    private let fileNames = FileNameSanitizer()
    private let logger: Logger

    public init(records: FileRecords, store: any ObjectStore, budget: BufferBudget, settings: UploadSettings, logger: Logger) {
        self.records = records
        self.store = store
        self.budget = budget
        self.settings = settings
        self.logger = logger
    }

    /// Stores the form's `file` part for `userID` and returns its completed row. On any failure —
    /// a malformed or truncated body, a part the form can't take (see `MultipartFormReader`), a file
    /// over the limit, a store error — the multipart upload is
    /// aborted, the object and row are removed, and the error is rethrown.
    ///
    /// With the body's `contentLength`, a large file's expected size is known from where its part
    /// starts, and its parts can be streamed instead of buffered (see `ObjectUploadStream`).
    public func receive<Body: AsyncSequence>(
        userID: String,
        contentType: String?,
        contentLength: Int64? = nil,
        body: Body
    ) async throws -> Upload where Body.Element == ByteBuffer {
        var form = Form(service: self, userID: userID)
        do {
            let reader = MultipartFormReader(filePartNames: ["file"], maximumFieldBytes: settings.maximumFieldBytes)
            try await reader.read(contentType: contentType, contentLength: contentLength, body: body, into: &form)
            return try await form.file!.complete()
        } catch {
            if let file = form.file { await file.discard() }
            logger.notice("upload refused", metadata: ["user": "\(userID)", "reason": "\(error)"])
            throw error
        }
    }

    /// The form of one upload: its `file` part becomes the stored file; text fields are accepted and
    /// not used (an HTML form may send some beside the file).
    private struct Form: MultipartFormReceiver {
        let service: FileUploadService
        let userID: String
        var file: IncomingFile?

        mutating func fileBegins(_ part: MultipartFilePart) async throws {
            // Clients end the form with CRLF after the closing delimiter.
            let expectedSize = part.maximumSize.map { max(0, $0 - 2) }
            file = try await IncomingFile(
                userID: userID,
                fileName: service.fileNames.sanitize(part.headers.fileName),
                contentType: MediaType.normalized(part.headers.contentType) ?? "application/octet-stream",
                expectedSize: expectedSize,
                records: service.records, store: service.store, budget: service.budget, settings: service.settings,
                logger: service.logger
            )
        }

        func fileBytes(_ chunk: ByteBuffer) async throws {
            try await file!.write(chunk)
        }

        func fileEnds() async throws {
            try await file!.storeObject()
        }

        func field(name: String, value: String) async throws {}
    }
}

enum MediaType {
    /// `type/subtype` (parameters kept) when it looks like a media type, else `nil`.
    static func normalized(_ value: String?) -> String? {
        guard let value = value?.trimmingSpaces(), !value.isEmpty, value.utf8.count <= 255 else { return nil }
        let essence = HeaderValueWithParameters(parsing: value).value
        let pieces = essence.split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { piece in
            !piece.isEmpty
                && piece.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains($0) }
        }
        guard pieces.count == 2, token(pieces[0]), token(pieces[1]) else { return nil }
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return nil }
        return value
    }
}
