import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with `100 Continue` once the application starts reading the request
/// body (``ExpectContinueMiddleware`` asks for it with ``SendContinue``). A request refused before that
/// (a bad token, a body too large by its headers) gets its final answer and the client never sends the
/// body. Without any answer, curl waits a second before sending, and stricter clients wait longer.
///
/// Goes into Hummingbird's HTTP/1 pipeline through `additionalChannelHandlers`, after the HTTP codec.
public final class ExpectContinueHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    /// The user outbound event that sends the `100 Continue` the request being answered waits for.
    /// Does nothing when it waits for none.
    public struct SendContinue: Sendable {
        public init() {}
    }

    /// The last request read asked for 100-continue, and has sent no body bytes nor had its answer yet.
    private var awaitingContinue = false
    /// Requests read whose final response has not started: with pipelined requests, a `100 Continue`
    /// is only sent when the one waiting is the one being answered.
    private var unansweredRequests = 0

    public init() {}

    /// Whether an `Expect` field value asks for `100 Continue` (the only expectation HTTP defines).
    public static func asksForContinue(_ expect: String) -> Bool {
        expect.lowercased().filter { $0 != " " && $0 != "\t" } == "100-continue"
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            unansweredRequests += 1
            awaitingContinue = request.headerFields[.expect].map(Self.asksForContinue) ?? false
        case .body, .end:
            // RFC 9110 §10.1.1: no 100 is needed once the content is arriving.
            awaitingContinue = false
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .head(let response) = unwrapOutboundIn(data), response.status.kind != .informational {
            unansweredRequests = max(0, unansweredRequests - 1)
            if unansweredRequests == 0 { awaitingContinue = false }
        }
        context.write(data, promise: promise)
    }

    public func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is SendContinue else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        guard awaitingContinue, unansweredRequests == 1 else {
            promise?.succeed()
            return
        }
        awaitingContinue = false
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: promise)
    }
}
