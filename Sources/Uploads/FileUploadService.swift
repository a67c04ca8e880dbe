import Database
import Logging
import NIOCore
import Storage

/// Receives `multipart/form-data` uploads (seed 003's `POST /upload`): the part named `file` is streamed
/// into the object store while the body arrives, never collected in memory, and recorded in `uploads`.
public struct FileUploadService: Sendable {
    private let queries: Queries
    private let store: any ObjectStore
    private let budget: BufferBudget
    private let settings: UploadSettings
    private let fileNames = FileNameSanitizer()
    private let logger: Logger

    public init(queries: Queries, store: any ObjectStore, budget: BufferBudget, settings: UploadSettings, logger: Logger) {
        self.queries = queries
        self.store = store
        self.budget = budget
        self.settings = settings
        self.logger = logger
    }

    /// Stores the form's `file` part for `userID` and returns its completed row. On any failure —
    /// a malformed or truncated body, a file over the limit, a store error — the multipart upload is
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
        guard let boundary = MultipartContentType.boundary(of: contentType) else { throw UploadError.notMultipartForm }
        var parser: MultipartFormParser
        do {
            parser = try MultipartFormParser(boundary: boundary)
        } catch {
            throw UploadError.notMultipartForm
        }
        var file: IncomingFile?
        var currentPartIsFile = false
        var fieldBytes = 0
        do {
            var chunks = body.makeAsyncIterator()
            while let buffer = try await Self.next(from: &chunks) {
                for event in try Self.parse(buffer, with: &parser) {
                    switch event {
                    case .partBegin(let headers):
                        currentPartIsFile = headers.name == "file"
                        guard currentPartIsFile else { continue }
                        guard file == nil else { throw UploadError.multipleFileParts }
                        // Clients end the form with CRLF after the closing delimiter.
                        let expectedSize = contentLength.map {
                            max(0, parser.maximumPartBodyLength(startingAt: headers.bodyOffset, formLength: $0) - 2)
                        }
                        file = try await IncomingFile(
                            userID: userID,
                            fileName: fileNames.sanitize(headers.fileName),
                            contentType: MediaType.normalized(headers.contentType) ?? "application/octet-stream",
                            expectedSize: expectedSize,
                            queries: queries, store: store, budget: budget, settings: settings, logger: logger
                        )
                    case .bodyChunk(let chunk):
                        if currentPartIsFile {
                            try await file!.write(chunk)
                        } else {
                            fieldBytes += chunk.readableBytes
                            if fieldBytes > settings.maximumFieldBytes {
                                throw UploadError.malformedForm("form fields other than `file` exceed \(settings.maximumFieldBytes) bytes")
                            }
                        }
                    case .partEnd:
                        if currentPartIsFile { try await file!.storeObject() }
                        currentPartIsFile = false
                    }
                }
            }
            guard parser.isComplete else { throw UploadError.incompleteBody }
            guard let file else { throw UploadError.missingFilePart }
            return try await file.complete()
        } catch {
            if let file { await file.discard() }
            logger.notice("upload refused", metadata: ["user": "\(userID)", "reason": "\(error)"])
            throw error
        }
    }

    /// The next piece of the body; the body itself failing means the client went away mid-request.
    private static func next<Iterator: AsyncIteratorProtocol>(from iterator: inout Iterator) async throws -> ByteBuffer?
    where Iterator.Element == ByteBuffer {
        do {
            return try await iterator.next()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw UploadError.incompleteBody
        }
    }

    private static func parse(_ buffer: ByteBuffer, with parser: inout MultipartFormParser) throws -> [MultipartFormEvent] {
        do {
            return try parser.parse(buffer)
        } catch let failure as MultipartFormParser.Failure {
            throw UploadError.malformedForm("\(failure)")
        }
    }
}

enum MultipartContentType {
    /// The boundary of a `multipart/form-data` content type, `nil` for anything else.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parsed = HeaderValueWithParameters(parsing: contentType)
        guard parsed.value.lowercased() == "multipart/form-data", let boundary = parsed.parameters["boundary"], !boundary.isEmpty else {
            return nil
        }
        return boundary
    }
}

enum MediaType {
    /// `type/subtype` (parameters kept) when it looks like a media type, else `nil`.
    static func normalized(_ value: String?) -> String? {
        guard let value = value?.trimmingSpaces(), !value.isEmpty, value.utf8.count <= 255 else { return nil }
        let essence = HeaderValueWithParameters(parsing: value).value
        let pieces = essence.split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { piece in
            !piece.isEmpty && piece.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains($0) }
        }
        guard pieces.count == 2, token(pieces[0]), token(pieces[1]) else { return nil }
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return nil }
        return value
    }
}
