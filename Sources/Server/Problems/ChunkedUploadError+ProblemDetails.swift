import Middleware
import Uploads

extension ChunkedUploadError: ProblemDetailsConvertible {
    public var problemDetails: ProblemDetails {
        switch self {
        case .sessionNotFound:
            .notFound("No such upload session.")
        case .alreadyCompleted:
            .conflict("The upload session was already completed.")
        case .invalidField(let name, let reason):
            .validation("\(name) \(reason).", fieldErrors: [name: reason])
        case .missingChunks(let indexes):
            .init(
                .validation, detail: "Chunks missing: \(Self.list(indexes)).",
                extensions: ["missing_chunks": .array(indexes.map { .int($0) })])
        case .unexpectedChunks(let indexes):
            .init(
                .validation, detail: "Chunks beyond total_chunks were sent: \(Self.list(indexes)).",
                extensions: ["unexpected_chunks": .array(indexes.map { .int($0) })])
        }
    }

    /// At most 50 indexes in the sentence; the extension member has them all.
    private static func list(_ indexes: [Int]) -> String {
        let shown = indexes.prefix(50).map(String.init).joined(separator: ", ")
        return indexes.count > 50 ? shown + ", … (\(indexes.count) in all)" : shown
    }
}
