import Hummingbird
import Middleware
import Uploads

extension TusError: ProblemDetailsConvertible {
    public var problemDetails: ProblemDetails {
        var problem: ProblemDetails
        switch self {
        case .notFound:
            problem = .notFound("No such upload.")
        case .expired:
            problem = .gone("The upload expired; its bytes were removed.")
        case .offsetMismatch(let expected):
            problem = .init(.conflict, detail: "Upload-Offset must be \(expected).", extensions: ["upload_offset": .int(Int(expected))])
        case .checksumMismatch:
            problem = .init(.checksumMismatch, detail: "Upload-Checksum does not match the body; the bytes were discarded.")
        case .unsupportedChecksum(let reason):
            problem = .badRequest("Upload-Checksum: \(reason).")
        case .invalidHeader(let name, let reason):
            problem = .badRequest("\(name) \(reason).")
        case .wrongContentType:
            problem = .unsupportedMediaType("PATCH bodies must be sent as application/offset+octet-stream.")
        case .tooLarge(let limit):
            problem = .payloadTooLarge("The upload may have at most \(limit) bytes.", maxBytes: Int(limit))
        case .alreadyComplete:
            problem = .forbidden("The upload already has all its bytes.")
        }
        problem.headers[TusHeaders.resumable] = TusHeaders.version
        return problem
    }
}

extension ProblemKind {
    /// tus checksum extension: 460 Checksum Mismatch.
    static let checksumMismatch = ProblemKind(
        slug: "checksum-mismatch", title: "Checksum mismatch", status: .init(code: 460, reasonPhrase: "Checksum Mismatch"))
}
