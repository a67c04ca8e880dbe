import Auth
import Foundation
import Hummingbird
import NIOCore

/// What the service's middleware needs from a request context: the caller and a request id.
public protocol UploaderContext: RequestContext {
    /// Set by ``BearerAuthMiddleware``; nil on routes without authentication.
    var user: AuthenticatedUser? { get set }
    /// Set by ``RequestIDMiddleware`` and echoed in `X-Request-ID`.
    var requestID: String { get set }
    /// The connection the request arrived on (``ExpectContinueMiddleware`` answers through it).
    var channel: any Channel { get }
}

extension UploaderContext {
    /// The authenticated caller, or a 401 problem when the route was reached without one.
    public func requireUser() throws -> AuthenticatedUser {
        guard let user else { throw ProblemDetails.unauthorized("This endpoint requires a bearer token.") }
        return user
    }
}

/// The request context of the S3Uploader router: `Router(context: UploaderRequestContext.self)`.
public struct UploaderRequestContext: UploaderContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    public let channel: any Channel
    private let shared: SharedRequestState

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = source.logger[metadataKey: "hb.request.id"]?.description ?? UUID().uuidString.lowercased()
        self.channel = source.channel
        self.shared = SharedRequestState()
    }

    /// Shared by every copy of this request's context, so outer middleware (the access log) sees the
    /// user that inner middleware (authentication) found.
    public var user: AuthenticatedUser? {
        get { shared.user }
        nonmutating set { shared.user = newValue }
    }
}

/// Per-request state that must be visible to middleware running before the one that sets it.
final class SharedRequestState: @unchecked Sendable {
    private let lock = NSLock()
    private var _user: AuthenticatedUser?

    var user: AuthenticatedUser? {
        get { lock.withLock { _user } }
        set { lock.withLock { _user = newValue } }
    }
}
