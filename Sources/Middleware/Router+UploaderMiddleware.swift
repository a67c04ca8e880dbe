import Hummingbird
import Logging

extension Router where Context: UploaderContext {
    /// Adds the service-wide middleware in the order they must run: request id (outermost, so every
    /// response carries `X-Request-ID`), access log (sees the final status and user), problem mapping
    /// (turns every error into problem+json), then `100 Continue` on a body's first read. Add ``BearerAuthMiddleware`` to the groups that need a
    /// user, after this.
    @discardableResult
    public func addUploaderMiddleware(accessLogLevel: Logger.Level = .info) -> Self {
        add(middleware: RequestIDMiddleware<Context>())
        add(middleware: AccessLogMiddleware<Context>(level: accessLogLevel))
        add(middleware: ProblemMiddleware<Context>())
        add(middleware: ExpectContinueMiddleware<Context>())
        return self
    }
}
