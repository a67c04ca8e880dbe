import HTTPTypes
import Middleware
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

/// When `ExpectContinueHandler` sends `100 Continue`, and when it must not.
@Suite("Expect: 100-continue")
struct ExpectContinueHandlerTests {
    static func requestHead(expect: String?) -> HTTPRequestPart {
        var fields: HTTPFields = [.contentLength: "3"]
        if let expect { fields[.expect] = expect }
        return .head(HTTPRequest(method: .post, scheme: nil, authority: "localhost", path: "/upload", headerFields: fields))
    }

    /// Reads `part`, then asks for the continue as a body read would; returns what was written.
    static func askForContinue(after parts: [HTTPRequestPart], responses: [HTTPResponsePart] = []) throws -> [HTTPResponsePart] {
        let channel = EmbeddedChannel(handler: ExpectContinueHandler())
        for part in parts { try channel.writeInbound(part) }
        for response in responses { try channel.writeOutbound(response) }
        channel.pipeline.triggerUserOutboundEvent(ExpectContinueHandler.SendContinue(), promise: nil)
        var written: [HTTPResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) { written.append(part) }
        return written
    }

    static let continueHead = HTTPResponsePart.head(HTTPResponse(status: .continue))

    @Test func aWaitingRequestGetsOneContinue() throws {
        let channel = EmbeddedChannel(handler: ExpectContinueHandler())
        try channel.writeInbound(Self.requestHead(expect: "100-Continue"))
        for _ in 0..<2 { channel.pipeline.triggerUserOutboundEvent(ExpectContinueHandler.SendContinue(), promise: nil) }
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == Self.continueHead)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
    }

    @Test func noContinueWithoutTheExpectation() throws {
        #expect(try Self.askForContinue(after: [Self.requestHead(expect: nil)]).isEmpty)
        #expect(try Self.askForContinue(after: [Self.requestHead(expect: "something-else")]).isEmpty)
    }

    @Test func noContinueOnceTheBodyArrives() throws {
        let parts = [Self.requestHead(expect: "100-continue"), .body(ByteBuffer(string: "abc"))]
        #expect(try Self.askForContinue(after: parts).isEmpty)
    }

    @Test func noContinueAfterTheFinalAnswer() throws {
        let answer = HTTPResponsePart.head(HTTPResponse(status: .unauthorized))
        #expect(try Self.askForContinue(after: [Self.requestHead(expect: "100-continue")], responses: [answer]) == [answer])
    }

    @Test func aPipelinedRequestWaitsForTheOneBeforeToBeAnswered() throws {
        // The first request is still being answered when the second, which expects 100, is read.
        let parts = [Self.requestHead(expect: nil), .end(nil), Self.requestHead(expect: "100-continue")]
        #expect(try Self.askForContinue(after: parts).isEmpty)
        let ok = HTTPResponsePart.head(HTTPResponse(status: .ok))
        #expect(try Self.askForContinue(after: parts, responses: [ok, .end(nil)]) == [ok, .end(nil), Self.continueHead])
    }

    @Test func otherEventsPassThrough() throws {
        let recorder = OutboundEventRecorder()
        let channel = EmbeddedChannel(handlers: [recorder, ExpectContinueHandler()])
        try channel.writeInbound(Self.requestHead(expect: "100-continue"))
        channel.pipeline.triggerUserOutboundEvent(ChannelShouldQuiesceEvent(), promise: nil)
        #expect(recorder.events.count == 1 && recorder.events.first is ChannelShouldQuiesceEvent)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
    }
}

/// Records the user outbound events that reach it.
final class OutboundEventRecorder: ChannelOutboundHandler, @unchecked Sendable {
    typealias OutboundIn = Any
    private(set) var events: [Any] = []

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        events.append(event)
        promise?.succeed()
    }
}
