import Auth
import Hummingbird

/// Requires `Authorization: Bearer <token>`, verifies it and sets `context.user`. Refusals are 401
/// problems with `WWW-Authenticate: Bearer` (plus `error="invalid_token"` when a token was given).
public struct BearerAuthMiddleware<Context: UploaderContext>: RouterMiddleware {
    let verifier: TokenVerifier

    public init(verifier: TokenVerifier) {
        self.verifier = verifier
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = Self.bearerToken(in: request.headers) else {
            throw ProblemDetails.unauthorized("This endpoint requires a bearer token.")
        }
        let user: AuthenticatedUser
        do {
            user = try await verifier.verify(token)
        } catch let error as TokenVerificationError {
            throw Self.problem(for: error)
        }
        var context = context
        context.user = user
        context.logger[metadataKey: "user"] = .string(user.id)
        return try await next(request, context)
    }

    /// The token of a `Bearer` Authorization header (scheme case-insensitive), nil for none or another scheme.
    static func bearerToken(in headers: HTTPFields) -> String? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func problem(for error: TokenVerificationError) -> ProblemDetails {
        switch error {
        case .missing: .unauthorized(error.message)
        case .keySetUnavailable: .serviceUnavailable(error.message, retryAfterSeconds: 30)
        default: .invalidToken(error.message)
        }
    }
}
