import Hummingbird
import Logging

/// One log line per request: method, path (without query string, which may carry presigned
/// credentials), status, duration until the response head, request id and user. Headers, and so the
/// `Authorization` token, are never logged.
public struct AccessLogMiddleware<Context: UploaderContext>: RouterMiddleware {
    let level: Logger.Level

    public init(level: Logger.Level = .info) {
        self.level = level
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context: context, status: status, since: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(
            level: level,
            "\(request.method.rawValue) \(request.uri.path) \(status)",
            metadata: [
                "http.method": .string(request.method.rawValue),
                "http.path": .string(request.uri.path),
                "http.status": .string(String(status)),
                "duration_ms": .string(String(format: "%.1f", milliseconds)),
                "request_id": .string(context.requestID),
                "user": .string(context.user?.id ?? "-"),
            ])
    }
}
