import Middleware
import Uploads

extension DirectUploadError: ProblemDetailsConvertible {
    public var problemDetails: ProblemDetails {
        switch self {
        case .invalidRequest(let errors):
            .validation("The upload request is invalid.", fieldErrors: errors)
        case .extensionNotAllowed(let ext, let allowed):
            .init(
                .extensionNotAllowed, detail: "Files with extension \"\(ext)\" are not accepted.",
                extensions: ["allowed_extensions": .array(allowed.map { .string($0) })])
        case .tooLarge(let limit):
            .payloadTooLarge("The file is larger than \(limit) bytes.", maxBytes: Int(limit))
        case .notFound:
            .notFound("No such upload.")
        case .objectMissing:
            .init(.uploadNotReceived, detail: "The file has not been uploaded to the presigned URL yet.")
        case .objectMismatch(let reason):
            .init(.uploadMismatch, detail: reason + " The uploaded object was deleted; upload it again.")
        case .expired:
            .init(.uploadExpired, detail: "The upload expired before it was confirmed; request a new one.")
        case .invalidSignature(let reason):
            .init(.invalidUploadSignature, detail: reason)
        case .bodyRejected(let reason):
            .init(.uploadRejected, detail: reason)
        }
    }
}

extension ProblemKind {
    static let extensionNotAllowed = ProblemKind(
        slug: "extension-not-allowed", title: "File extension not allowed", status: .unprocessableContent)
    static let uploadNotReceived = ProblemKind(slug: "upload-not-received", title: "Upload not received", status: .conflict)
    static let uploadMismatch = ProblemKind(slug: "upload-mismatch", title: "Uploaded file does not match", status: .unprocessableContent)
    static let uploadExpired = ProblemKind(slug: "upload-expired", title: "Upload expired", status: .gone)
    static let invalidUploadSignature = ProblemKind(slug: "invalid-upload-signature", title: "Invalid upload signature", status: .forbidden)
    static let uploadRejected = ProblemKind(slug: "upload-rejected", title: "Upload rejected", status: .badRequest)
}
