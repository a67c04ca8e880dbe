import NIOCore

/// Reads a `multipart/form-data` body while it arrives, the one loop every form route shares: the file
/// part streams to a `MultipartFormReceiver`, small text fields arrive whole, and any other part is
/// refused with `UploadError.partRefused` naming it, so nothing a client sends is silently dropped or
/// stored as something it isn't.
///
/// A form takes one file, in a part named one of `filePartNames`. Refused: that part holding several
/// files (a nested `multipart/mixed` body, which RFC 7578 §4.3 deprecates and `curl -F file=@a,b`
/// still sends), a second file part, and any other part that carries a file (a file name, or a
/// Content-Type other than `text/plain`) or makes the text fields larger than `maximumFieldBytes`.
struct MultipartFormReader {
    /// Names the file part may have.
    var filePartNames: Set<String>
    /// Bytes of all text fields together.
    var maximumFieldBytes: Int

    /// The part being read.
    private enum Current {
        case none
        case file
        case field(name: String)
    }

    /// Reads the whole form into `receiver`. Throws `notMultipartForm` for anything but a
    /// `multipart/form-data` content type with a boundary, `malformedForm`, `incompleteBody` when the
    /// body ends (or fails) before the closing delimiter, `partRefused`, and `missingFilePart` for a
    /// complete form without a file part; whatever the receiver throws is rethrown as it is.
    func read<Body: AsyncSequence, Receiver: MultipartFormReceiver>(
        contentType: String?,
        contentLength: Int64? = nil,
        body: Body,
        into receiver: inout Receiver
    ) async throws where Body.Element == ByteBuffer {
        guard let boundary = MultipartContentType.boundary(of: contentType),
            var parser = try? MultipartFormParser(boundary: boundary)
        else { throw UploadError.notMultipartForm }
        var current = Current.none
        var fieldValue: [UInt8] = []
        var fieldBytes = 0
        var sawFile = false
        var chunks = body.makeAsyncIterator()
        while let buffer = try await Self.next(from: &chunks) {
            for event in try Self.parse(buffer, with: &parser) {
                switch event {
                case .partBegin(let headers):
                    current = try role(of: headers, afterFile: sawFile)
                    fieldValue = []
                    if case .file = current {
                        sawFile = true
                        let maximumSize = contentLength.map {
                            parser.maximumPartBodyLength(startingAt: headers.bodyOffset, formLength: $0)
                        }
                        try await receiver.fileBegins(MultipartFilePart(headers: headers, maximumSize: maximumSize))
                    }
                case .bodyChunk(let chunk):
                    switch current {
                    case .file:
                        try await receiver.fileBytes(chunk)
                    case .field(let name):
                        fieldBytes += chunk.readableBytes
                        guard fieldBytes <= maximumFieldBytes else {
                            throw UploadError.partRefused(name: name, .fieldsTooLarge(limit: maximumFieldBytes))
                        }
                        fieldValue += chunk.readableBytesView
                    case .none:
                        break
                    }
                case .partEnd:
                    switch current {
                    case .file:
                        try await receiver.fileEnds()
                    case .field(let name):
                        try await receiver.field(name: name, value: String(decoding: fieldValue, as: UTF8.self))
                    case .none:
                        break
                    }
                    current = .none
                }
            }
        }
        guard parser.isComplete else { throw UploadError.incompleteBody }
        guard sawFile else { throw UploadError.missingFilePart }
    }

    /// What a part is, or why the form can't take it.
    private func role(of headers: MultipartPartHeaders, afterFile sawFile: Bool) throws -> Current {
        // RFC 7578 §4.2: every part names the field it is the value of.
        guard let name = headers.name else { throw UploadError.malformedForm("a part has no name") }
        if filePartNames.contains(name) {
            if headers.mediaType?.hasPrefix("multipart/") == true { throw UploadError.partRefused(name: name, .severalFiles) }
            if sawFile { throw UploadError.partRefused(name: name, .secondFile) }
            return .file
        }
        guard !headers.hasFileName, headers.mediaType.map({ $0 == "text/plain" }) ?? true else {
            throw UploadError.partRefused(name: name, .notATextField)
        }
        return .field(name: name)
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
