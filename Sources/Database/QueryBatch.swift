import PostgresNIO

/// A `:batch*` statement that failed: the element of the batch it ran for, and the server's error.
public struct QueryBatchError: Error, CustomStringConvertible {
    /// The failing element's index in the batch.
    public var index: Int
    public var underlying: any Error

    public var description: String { "batch element \(index) failed: \(String(reflecting: underlying))" }
}

/// What the generated `:batchexec`, `:batchone` and `:batchmany` functions run on.
///
/// Every statement is handed to one connection before the first result is awaited. PostgresNIO 1.33
/// does not pipeline: its connection state machine queues the statements and writes each one when
/// the server reports ReadyForQuery for the previous one, so a batch of n costs n round trips, but
/// no task switch between them (measured in codegen/README.md, "Batches").
extension Queries {
    /// Runs `statement(item)` for every item and returns `result(rows)` for each, in order.
    ///
    /// On a client, the batch is one transaction: all statements take effect or none (like the
    /// implicit transaction of sqlc's pgx batches). On a connection, it joins whatever is open there.
    /// Throws `QueryBatchError` for the first statement that fails (or whose rows `result` rejects).
    public func runBatch<Item, Result>(_ items: [Item], statement: (Item) throws -> PostgresQuery,
                                       result: ([PostgresRow]) throws -> Result) async throws -> [Result] {
        guard !items.isEmpty else { return [] }
        let statements = try items.map(statement)
        switch executor {
        case .client(let client):
            return try await client.withConnection { connection in
                try await Self.run(statements, on: connection, inTransaction: true, logger: logger, result: result)
            }
        case .connection(let connection):
            return try await Self.run(statements, on: connection, inTransaction: false, logger: logger, result: result)
        }
    }

    /// `runBatch` for statements without results (`:batchexec`).
    public func runBatch<Item>(_ items: [Item], statement: (Item) throws -> PostgresQuery) async throws {
        _ = try await runBatch(items, statement: statement) { _ in () }
    }

    private static func run<Result>(_ statements: [PostgresQuery], on connection: PostgresConnection, inTransaction: Bool,
                                    logger: Logger, result: ([PostgresRow]) throws -> Result) async throws -> [Result] {
        // The EventLoopFuture API enqueues synchronously, so the statements reach the connection in order.
        let begin: EventLoopFuture<PostgresQueryResult>? = inTransaction ? connection.query("BEGIN", logger: logger) : nil
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
                if failure == nil { results.append(try result(rows)) }
            } catch {
                if failure == nil { failure = QueryBatchError(index: index, underlying: error) }
            }
        }
        if inTransaction {
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
