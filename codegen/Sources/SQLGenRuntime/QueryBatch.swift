import PostgresNIO

/// A `:batch*` statement that failed: the element of the batch it ran for, and the server's error
/// (`PostgresServerError` when the batch was pipelined, PostgresNIO's `PSQLError` otherwise).
public struct QueryBatchError: Error, CustomStringConvertible {
    /// The failing element's index in the batch.
    public var index: Int
    public var underlying: any Error

    public var description: String { "batch element \(index) failed: \(String(reflecting: underlying))" }
}

/// What the generated `:batchexec`, `:batchone` and `:batchmany` functions run on.
extension Queries {
    /// Runs `statement(item)` for every item and returns `result(rows)` for each, in order.
    ///
    /// The statements go out pipelined (`PipelinedBatch`): one write, one Sync, one round trip. They
    /// form one transaction, all or nothing, unless one is already open on the connection, which they
    /// then join (like sqlc's pgx batches). Throws `QueryBatchError` for the first statement that fails
    /// (or whose rows `result` rejects).
    public func runBatch<Item, Result>(
        _ items: [Item], statement: (Item) throws -> PostgresQuery,
        result: @Sendable ([BatchRow]) throws -> Result
    ) async throws -> [Result] {
        guard !items.isEmpty else { return [] }
        let statements = try items.map(statement)
        switch executor {
        case .client(let client):
            return try await client.withConnection { connection in
                try await Self.run(statements, on: connection, leased: true, pipelined: pipelinesBatches, logger: logger, result: result)
            }
        case .connection(let connection):
            return try await Self.run(
                statements, on: connection, leased: false, pipelined: pipelinesBatches, logger: logger, result: result)
        }
    }

    /// `runBatch` for statements without results (`:batchexec`).
    public func runBatch<Item>(_ items: [Item], statement: (Item) throws -> PostgresQuery) async throws {
        _ = try await runBatch(items, statement: statement) { _ in () }
    }

    private static func run<Result>(
        _ statements: [PostgresQuery], on connection: PostgresConnection, leased: Bool, pipelined: Bool,
        logger: Logger, result: @Sendable ([BatchRow]) throws -> Result
    ) async throws -> [Result] {
        guard pipelined, let outcome = try await PipelinedBatch.run(statements, on: connection) else {
            return try await QueuedBatch.run(statements, on: connection, joiningTransaction: !leased, logger: logger, result: result)
        }
        if let failure = outcome.failure { throw QueryBatchError(index: failure.index, underlying: failure.error) }
        return try outcome.results.enumerated().map { index, rows in
            do {
                return try result(rows)
            } catch {
                throw QueryBatchError(index: index, underlying: error)
            }
        }
    }
}
