import Middleware
import Storage

/// The object store's failures as problems. A store that could not be reached or asked to slow down
/// (after the S3 client's own retries) is a 503 `storage-unavailable`: the same request may succeed
/// later. A store that refused the request or answered nonsense is a 502 `storage-error`: the fault is
/// upstream, not in the request, and repeating it won't help. Neither detail repeats the store's
/// message (it may name buckets or keys); the log has it, under the request id the problem carries.
extension ObjectStoreError: ProblemDetailsConvertible {
    public var problemDetails: ProblemDetails {
        switch self {
        case .unavailable:
            .init(.storageUnavailable, detail: "The file store is not answering right now. Try again later.")
        case .failed:
            .init(.storageError, detail: "The file store refused the request.")
        case .notFound, .invalidRange:
            // Routes that expect these handle them; one reaching this far is a bug (a row without its object).
            .internal()
        }
    }
}

extension ProblemKind {
    static let storageUnavailable = ProblemKind(slug: "storage-unavailable", title: "Storage unavailable", status: .serviceUnavailable)
    static let storageError = ProblemKind(slug: "storage-error", title: "Storage error", status: .badGateway)
}
