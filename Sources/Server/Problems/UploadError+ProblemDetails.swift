import Middleware
import Uploads

extension UploadError: ProblemDetailsConvertible {
    public var problemDetails: ProblemDetails {
        switch self {
        case .notMultipartForm:
            .init(.unsupportedMediaType, detail: "Send the file as multipart/form-data with a part named \"file\".")
        case .missingFilePart:
            .init(.missingFilePart, detail: "The form has no part named \"file\".")
        case .partRefused(let name, let refusal):
            .init(.formPartRefused, detail: Self.detail(part: name, refusal), extensions: ["part": .string(name)])
        case .malformedForm(let reason):
            .init(.malformedForm, detail: "The multipart body is malformed: \(reason).")
        case .fileTooLarge(let limit):
            .payloadTooLarge("The file is larger than \(limit) bytes.", maxBytes: Int(limit))
        case .incompleteBody:
            .init(.incompleteBody, detail: "The request body ended before the multipart form did.")
        case .fileNotFound:
            .notFound("No such file.")
        case .rangeNotSatisfiable(let size):
            .init(.rangeNotSatisfiable, detail: "The file has \(size) bytes.", headers: [.contentRange: "bytes */\(size)"])
        case .invalidCursor:
            .init(.validation, detail: "The cursor is not one this server issued.")
        case .invalidLimit:
            .init(.validation, detail: "limit must be between 1 and \(FileLibrary.maximumPageSize).")
        }
    }
}

extension UploadError {
    /// Names the part and says what the form takes instead.
    private static func detail(part name: String, _ refusal: FormPartRefusal) -> String {
        switch refusal {
        case .severalFiles:
            "Part \"\(name)\" holds several files (multipart/mixed); send one file per request."
        case .secondFile:
            "Part \"\(name)\" is a second file; send one file per request."
        case .notATextField:
            "Part \"\(name)\" carries a file, but only its file part may; other parts must be plain text fields."
        case .fieldsTooLarge(let limit):
            "Part \"\(name)\" makes the text fields larger than \(limit) bytes."
        }
    }
}

extension ProblemKind {
    static let missingFilePart = ProblemKind(slug: "missing-file-part", title: "Missing file part", status: .badRequest)
    static let malformedForm = ProblemKind(slug: "malformed-multipart", title: "Malformed multipart body", status: .badRequest)
    static let incompleteBody = ProblemKind(slug: "incomplete-body", title: "Incomplete request body", status: .badRequest)
    static let formPartRefused = ProblemKind(slug: "form-part-refused", title: "Form part refused", status: .badRequest)
}
