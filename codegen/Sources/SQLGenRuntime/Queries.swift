import Logging
import PostgresNIO

/// Runs the generated queries (`extension Queries` in the files sqlgen writes from sql/queries)
/// on a client's connection pool, or on one connection, e.g. inside a transaction:
///
/// ```swift
/// let queries = Queries(client: client, logger: logger)
/// let upload = try await queries.getUploadForUser(id: id, userID: user)
///
/// try await client.withTransaction(logger: logger) { connection in
///     let queries = Queries(connection: connection, logger: logger)
///     ...
/// }
/// ```
public struct Queries: Sendable {
    enum Executor: Sendable {
        case client(PostgresClient)
        case connection(PostgresConnection)
    }

    let executor: Executor
    public let logger: Logger
    /// Whether `:batch*` statements go out pipelined, in one round trip (`PipelinedBatch`); when off,
    /// each costs a round trip. On by default.
    public var pipelinesBatches = true

    /// Queries on any free connection of the client's pool.
    public init(client: PostgresClient, logger: Logger = Logger(label: "SQLGenRuntime.Queries")) {
        self.executor = .client(client)
        self.logger = logger
    }

    /// Queries on one connection (all of them inside its transaction, if one is open).
    public init(connection: PostgresConnection, logger: Logger) {
        self.executor = .connection(connection)
        self.logger = logger
    }

    /// Runs `body` in a transaction: on a client, on one of its connections (committed when `body`
    /// returns, rolled back when it throws, and `body`'s error is rethrown as is); on a connection,
    /// `body` joins whatever is already open.
    public func withTransaction<Result: Sendable>(_ body: (Queries) async throws -> Result) async throws -> Result {
        switch executor {
        case .client(let client):
            return try await PostgresTransactions.unwrapping {
                try await client.withTransaction(logger: logger) { connection in
                    try await body(bound(to: connection))
                }
            }
        case .connection:
            return try await body(self)
        }
    }

    /// These queries, on `connection`.
    func bound(to connection: PostgresConnection) -> Queries {
        var queries = Queries(connection: connection, logger: logger)
        queries.pipelinesBatches = pipelinesBatches
        return queries
    }

    // MARK: used by the generated code (public so code generated into other modules can use it)

    /// All rows of a query.
    public func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        switch executor {
        case .client(let client):
            return try await client.query(query, logger: logger).collect()
        case .connection(let connection):
            return try await connection.query(query, logger: logger).collect()
        }
    }

    /// Runs a query and discards its rows.
    public func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// Runs a statement and returns the number of rows it inserted, updated or deleted.
    public func affectedRows(_ query: PostgresQuery) async throws -> Int {
        switch executor {
        case .client(let client):
            return try await client.withConnection { connection in
                try await Self.affectedRows(query, on: connection, logger: logger)
            }
        case .connection(let connection):
            return try await Self.affectedRows(query, on: connection, logger: logger)
        }
    }

    private static func affectedRows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let metadata = try await connection.query(query, logger: logger) { _ in }.get()
        return metadata.rows ?? 0
    }
}
