import HTTPTypes
import Hummingbird

/// CORS for browser clients (tus-js-client, Uppy, `fetch`), following a ``CrossOriginPolicy``.
///
/// A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered here, before
/// authentication (browsers send no token with it) and before routing, so it never reaches tus
/// discovery; a plain `OPTIONS /tus/` still gets its tus answer. Other requests from an allowed origin
/// get `Access-Control-Allow-Origin` and `Access-Control-Expose-Headers` on their response, errors
/// included. A disallowed origin gets no CORS header at all, so the browser withholds the response.
/// Unlike Hummingbird's `CORSMiddleware`, plain `OPTIONS` requests pass through and exposed headers are
/// sent on real responses, where browsers read them.
public struct CrossOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: CrossOriginPolicy
    let allowMethods: String
    let allowHeaders: String
    let exposeHeaders: String

    public init(policy: CrossOriginPolicy) {
        self.policy = policy
        self.allowMethods = policy.allowMethods.joined(separator: ", ")
        self.allowHeaders = policy.allowHeaders.joined(separator: ", ")
        self.exposeHeaders = policy.exposeHeaders.joined(separator: ", ")
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let origin = request.headers[.origin]
        if request.method == .options, let origin, request.headers[.accessControlRequestMethod] != nil {
            return preflightResponse(origin: origin)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        if policy.variesByOrigin { response.headers[values: .vary].append("Origin") }
        if let origin, let allowed = policy.allowOriginValue(for: origin) {
            response.headers[.accessControlAllowOrigin] = allowed
            response.headers[.accessControlExposeHeaders] = exposeHeaders
        }
        return response
    }

    func preflightResponse(origin: String) -> Response {
        var headers = HTTPFields()
        if policy.variesByOrigin { headers[.vary] = "Origin" }
        if let allowed = policy.allowOriginValue(for: origin) {
            headers[.accessControlAllowOrigin] = allowed
            headers[.accessControlAllowMethods] = allowMethods
            headers[.accessControlAllowHeaders] = allowHeaders
            headers[.accessControlMaxAge] = String(policy.maxAgeSeconds)
        }
        return Response(status: .noContent, headers: headers)
    }
}
