import Hummingbird
import NIOCore

/// Gives a request that sent `Expect: 100-continue` a body that, when first read, has
/// ``ExpectContinueHandler`` send the `100 Continue`: the client uploads only once a handler wants the
/// bytes, after authentication and the checks made on the headers alone.
public struct ExpectContinueMiddleware<Context: UploaderContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let expect = request.headers[.expect], ExpectContinueHandler.asksForContinue(expect) else {
            return try await next(request, context)
        }
        var request = request
        request.body = RequestBody(asyncSequence: ContinueOnFirstRead(body: request.body, channel: context.channel))
        return try await next(request, context)
    }
}

/// A request body that asks for `100 Continue` before its first read.
struct ContinueOnFirstRead: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let body: RequestBody
    let channel: any Channel

    struct AsyncIterator: AsyncIteratorProtocol {
        var body: RequestBody.AsyncIterator
        var channel: (any Channel)?

        mutating func next() async throws -> ByteBuffer? {
            if let channel {
                self.channel = nil
                // Fails only without the handler in the pipeline or on a closed channel: the read then
                // proceeds as it would have anyway.
                try? await channel.triggerUserOutboundEvent(ExpectContinueHandler.SendContinue()).get()
            }
            return try await body.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: body.makeAsyncIterator(), channel: channel)
    }
}
