import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy in front of PostgreSQL that counts turns: how often the client starts sending again
/// after the server has answered. A statement run on its own costs at least one turn; a pipelined
/// batch costs one however many statements it holds.
final class TurnCountingProxy: Sendable {
    private enum Direction { case toServer, toClient }

    private final class Traffic: Sendable {
        private struct State {
            var turns = 0
            var last: Direction?
        }

        private let state = Mutex(State())

        var turns: Int { state.withLock { $0.turns } }

        func record(_ direction: Direction) {
            state.withLock { state in
                if direction == .toServer, state.last != .toServer { state.turns += 1 }
                state.last = direction
            }
        }

        func reset() {
            state.withLock { $0 = State() }
        }
    }

    private let traffic = Traffic()
    private let listener: any Channel
    let port: Int

    /// Listens on 127.0.0.1 and forwards each connection to `upstream`.
    init(upstream: SocketAddress) async throws {
        let traffic = self.traffic
        let record: @Sendable (Direction) -> Void = { traffic.record($0) }
        listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { client in
                // The client's channel starts reading once this future completes.
                ClientBootstrap(group: client.eventLoop)
                    .channelInitializer { server in server.pipeline.addHandler(Forwarder(to: client, direction: .toClient, record: record))
                    }
                    .connect(to: upstream)
                    .flatMap { server in client.pipeline.addHandler(Forwarder(to: server, direction: .toServer, record: record)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = listener.localAddress!.port!
    }

    /// Turns since the last reset.
    var turns: Int { traffic.turns }

    func reset() {
        traffic.reset()
    }

    func close() async throws {
        try await listener.close()
    }

    private final class Forwarder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let partner: any Channel
        let direction: Direction
        let record: @Sendable (Direction) -> Void

        init(to partner: any Channel, direction: Direction, record: @escaping @Sendable (Direction) -> Void) {
            self.partner = partner
            self.direction = direction
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            record(direction)
            partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            partner.close(promise: nil)
            context.fireChannelInactive()
        }
    }
}
