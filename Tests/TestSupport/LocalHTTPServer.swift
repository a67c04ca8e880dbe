import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP/1.1 server on 127.0.0.1 (free port) for tests: the STS stand-in and the fault-injecting
/// proxy. For each request head, `plan` decides: answer after the whole body arrived, or drop the
/// connection after some body bytes.
public final class LocalHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var head: HTTPRequestHead
        public var body: ByteBuffer

        public init(head: HTTPRequestHead, body: ByteBuffer) {
            self.head = head
            self.body = body
        }
    }

    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var headers: [(String, String)]
        public var body: ByteBuffer

        public init(status: HTTPResponseStatus, headers: [(String, String)] = [], body: ByteBuffer = ByteBuffer()) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public enum Plan: Sendable {
        case respond(@Sendable (Request) async -> Response)
        /// Reads this many body bytes (or the whole body if shorter), then resets the connection.
        case reset(afterBodyBytes: Int)
    }

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: Channel?
    public let plan: @Sendable (HTTPRequestHead) -> Plan

    public init(plan: @escaping @Sendable (HTTPRequestHead) -> Plan) {
        self.plan = plan
    }

    /// Binds (to `port`, or a free one when 0) and returns the URL to reach the server.
    public func start(port: Int = 0) async throws -> URL {
        let plan = self.plan
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(RequestHandler(plan: plan))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        self.channel = channel
        return URL(string: "http://127.0.0.1:\(channel.localAddress!.port!)")!
    }

    public func shutdown() async {
        try? await channel?.close()
        try? await group.shutdownGracefully()
    }

    private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let plan: @Sendable (HTTPRequestHead) -> Plan
        var head: HTTPRequestHead?
        var body = ByteBuffer()
        var current: Plan?

        init(plan: @escaping @Sendable (HTTPRequestHead) -> Plan) {
            self.plan = plan
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
                current = plan(head)
            case .body(var chunk):
                body.writeBuffer(&chunk)
                if case .reset(let limit) = current, body.readableBytes >= limit { reset(context) }
            case .end:
                guard let head, let current else { return }
                self.head = nil
                switch current {
                case .reset:
                    reset(context)
                case .respond(let handler):
                    let request = Request(head: head, body: body)
                    let keepAlive = head.isKeepAlive
                    let promise = context.eventLoop.makePromise(of: Response.self)
                    promise.completeWithTask { await handler(request) }
                    let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                    promise.futureResult.whenSuccess { response in
                        let context = loopBound.value
                        var headers = HTTPHeaders(response.headers)
                        if head.method != .HEAD || !headers.contains(name: "content-length") {
                            headers.replaceOrAdd(name: "content-length", value: String(response.body.readableBytes))
                        }
                        if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
                        context.write(
                            NIOAny(
                                HTTPServerResponsePart.head(
                                    HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))), promise: nil)
                        if head.method != .HEAD {
                            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(response.body))), promise: nil)
                        }
                        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in
                            if !keepAlive { loopBound.value.close(promise: nil) }
                        }
                    }
                }
            }
        }

        private func reset(_ context: ChannelHandlerContext) {
            // Closing with unread request bytes pending makes the kernel answer with a TCP RST.
            current = nil
            context.close(promise: nil)
        }
    }
}
