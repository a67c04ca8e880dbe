import Auth
import Hummingbird
import Logging

/// Turns every error thrown further in into an `application/problem+json` response: ``ProblemDetails``
/// as is, ``ProblemDetailsConvertible`` errors through their problem, Hummingbird's `HTTPError` (and
/// other `HTTPResponseError`s) into the kind for their status, anything else into a 500 `internal`
/// problem whose detail reveals nothing; the error itself is logged with the request id.
public struct ProblemMiddleware<Context: UploaderContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, logger: context.logger)
            var response = problem.response()
            if problem.status.code >= 500, response.headers[.requestID] == nil {
                // Lets a user quote the id that finds the logged error.
                response = ProblemDetails(
                    type: problem.type, title: problem.title, status: problem.status, detail: problem.detail,
                    instance: problem.instance,
                    extensions: problem.extensions.merging(["request_id": .string(context.requestID)]) { old, _ in old },
                    headers: problem.headers
                ).response()
            }
            return response
        }
    }

    /// The problem answering `error`; unexpected errors are logged at error level.
    public static func problem(for error: any Error, logger: Logger) -> ProblemDetails {
        switch error {
        case let problem as ProblemDetails:
            if problem.status.code >= 500 { logger.error("Request failed", metadata: ["problem": "\(problem)"]) }
            return problem
        case let convertible as any ProblemDetailsConvertible:
            let problem = convertible.problemDetails
            if problem.status.code >= 500 {
                logger.error("Request failed", metadata: ["problem": "\(problem)", "error": "\(String(reflecting: error))"])
            }
            return problem
        case let tokenError as TokenVerificationError:
            return BearerAuthMiddleware<Context>.problem(for: tokenError)
        case let httpError as HTTPError:
            if httpError.status.code >= 500 { logger.error("Request failed", metadata: ["error": "\(httpError)"]) }
            return ProblemDetails(
                ProblemKind.forStatus(httpError.status), detail: httpError.body, headers: httpError.headers)
        case let responseError as any HTTPResponseError:
            if responseError.status.code >= 500 {
                logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            return ProblemDetails(ProblemKind.forStatus(responseError.status))
        case is DecodingError:
            logger.debug("Undecodable input", metadata: ["error": "\(error)"])
            return .badRequest("The request could not be decoded.")
        default:
            logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return .internal()
        }
    }
}
