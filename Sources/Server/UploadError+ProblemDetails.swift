import Middleware
import Uploads

extension UploadError: ProblemDetailsConvertible {
    public var problemDetails: ProblemDetails {
        switch self {
        case .notMultipartForm:
            .init(.unsupportedMediaType, detail: "Send the file as multipart/form-data with a part named \"file\".")
        case .missingFilePart:
            .init(.missingFilePart, detail: "The form has no part named \"file\".")
        case .multipleFileParts:
            .init(.malformedForm, detail: "Send one part named \"file\" per request.")
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

extension ProblemKind {
    static let missingFilePart = ProblemKind(slug: "missing-file-part", title: "Missing file part", status: .badRequest)
    static let malformedForm = ProblemKind(slug: "malformed-multipart", title: "Malformed multipart body", status: .badRequest)
    static let incompleteBody = ProblemKind(slug: "incomplete-body", title: "Incomplete request body", status: .badRequest)
}
