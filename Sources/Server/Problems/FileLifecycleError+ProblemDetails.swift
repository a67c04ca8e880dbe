import Middleware
import Uploads

extension FileLifecycleError: ProblemDetailsConvertible {
    public var problemDetails: ProblemDetails {
        .init(.transitionNotAllowed, detail: "An upload in status \(from.rawValue) can't become \(to.rawValue).")
    }
}

extension ProblemKind {
    static let transitionNotAllowed = ProblemKind(
        slug: "status-transition-not-allowed", title: "Status change not allowed", status: .conflict)
}
