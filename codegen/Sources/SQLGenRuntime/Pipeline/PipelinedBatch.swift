import NIOCore
import NIOSSL
import PostgresNIO

/// Runs statements as one pipeline on a PostgresNIO connection: all Parse/Bind/Describe/Execute
/// messages and a single Sync in one write, so a batch costs one round trip however long it is.
///
/// PostgresNIO 1.33 has no pipelining API, and keeps the connection's channel internal; it is reached by
/// reflection. `run` returns nil (and sends nothing) when that is not possible, and the caller falls
/// back to queueing the statements on the connection one after another.
enum PipelinedBatch {
    /// The outcome of running `statements`, or nil when they were not sent.
    ///
    /// The connection must be idle and stay ours until this returns (no other query, and no `:many`
    /// stream still being read, on it meanwhile): the generated functions run a batch on a connection
    /// leased for it, or on the one a transaction holds.
    static func run(_ statements: [PostgresQuery], on connection: PostgresConnection) async throws -> PipelinedBatchHandler.Outcome? {
        guard let channel = channel(of: connection) else { return nil }
        var request = ByteBuffer()
        for statement in statements {
            guard let wire = WireStatement(statement) else { return nil }
            FrontendMessages.append(wire, to: &request)
        }
        FrontendMessages.appendSync(to: &request)
        let promise = channel.eventLoop.makePromise(of: PipelinedBatchHandler.Outcome.self)
        let message = request
        do {
            try await channel.eventLoop.submit {
                let pipeline = channel.pipeline.syncOperations
                let handler = PipelinedBatchHandler(request: message, promise: promise)
                if let tls = try? pipeline.handler(type: NIOSSLClientHandler.self) {
                    try pipeline.addHandler(handler, position: .after(tls))
                } else {
                    try pipeline.addHandler(handler, position: .first)
                }
            }.get()
        } catch {
            promise.fail(error)  // never left pending
            throw error
        }
        return try await promise.futureResult.get()
    }

    /// PostgresNIO's `PostgresConnection.channel`, internal there.
    private static func channel(of connection: PostgresConnection) -> (any Channel)? {
        Mirror(reflecting: connection).children.first { $0.label == "channel" }?.value as? any Channel
    }
}
