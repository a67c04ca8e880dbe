import PostgresNIO

/// A batch without pipelining, for when `PipelinedBatch` cannot reach the connection: every statement
/// is handed to the connection before the first result is awaited (PostgresNIO then sends each one
/// after the previous one's ReadyForQuery: a round trip each), inside BEGIN/COMMIT on a leased
/// connection, or joining what is open on a connection the caller holds.
enum QueuedBatch {
    static func run<Result>(
        _ statements: [PostgresQuery], on connection: PostgresConnection, joiningTransaction: Bool,
        logger: Logger, result: @Sendable ([BatchRow]) throws -> Result
    ) async throws -> [Result] {
        let inTransaction = joiningTransaction
        // The EventLoopFuture API enqueues synchronously, so the statements reach the connection in order.
        let begin: EventLoopFuture<PostgresQueryResult>? = inTransaction ? nil : connection.query("BEGIN", logger: logger)
        let pending: [EventLoopFuture<PostgresQueryResult>] = statements.map { connection.query($0, logger: logger) }
        var results: [Result] = []
        results.reserveCapacity(statements.count)
        var failure: (any Error)?
        if let begin {
            do { _ = try await begin.get() } catch { failure = error }
        }
        for (index, future) in pending.enumerated() {
            do {
                let rows = try await future.get().rows
                if failure == nil { results.append(try result(rows.map(BatchRow.init))) }
            } catch {
                if failure == nil { failure = QueryBatchError(index: index, underlying: error) }
            }
        }
        if !inTransaction {
            if let failure {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw failure
            }
            try await connection.query("COMMIT", logger: logger)
        }
        if let failure { throw failure }
        return results
    }
}
