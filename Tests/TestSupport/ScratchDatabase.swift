import Database
import Foundation
import Logging
import PostgresNIO
import Testing

/// A database of its own for one test, created on the `TEST_DATABASE_URL` server under a unique name and
/// dropped afterwards, whether the test passed or not.
public struct ScratchDatabase: Sendable {
    /// The database's own URL (the server's, with this database's name).
    public let url: String

    public static let logger = Logger(label: "scratch-database")

    /// Runs `body` with a new database, empty or with the service's migrations applied.
    public static func with<T>(migrated: Bool = false, _ body: (ScratchDatabase) async throws -> T) async throws -> T {
        try await with(
            prepare: { client in
                if migrated { _ = try await Migrator(client: client, logger: logger).migrate() }
            }, body)
    }

    /// Runs `body` with a new database that `prepare` set up first (a schema of the caller's own).
    public static func with<T>(
        prepare: (PostgresClient) async throws -> Void, _ body: (ScratchDatabase) async throws -> T
    ) async throws -> T {
        let server = try #require(TestServices.databaseURL, "TEST_DATABASE_URL is not set (make test sets it)")
        let name = "scratch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await execute("CREATE DATABASE \(name)", on: server)
        do {
            let database = ScratchDatabase(url: try Self.url(server, database: name))
            try await database.withClient(prepare)
            let result = try await body(database)
            try await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
            return result
        } catch {
            try? await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
            throw error
        }
    }

    /// Runs `body` with a running client for a new database (see `with(migrated:_:)`).
    public static func withClient<T>(migrated: Bool = false, _ body: (PostgresClient) async throws -> T) async throws -> T {
        try await with(migrated: migrated) { database in try await database.withClient(body) }
    }

    /// Runs `body` with a client and the service's queries on a new, migrated database.
    public static func withQueries<T>(_ body: (PostgresClient, Queries) async throws -> T) async throws -> T {
        try await withClient(migrated: true) { client in try await body(client, Queries(client: client, logger: logger)) }
    }

    /// Runs `body` with a running client for this database, shut down afterwards.
    public func withClient<T>(_ body: (PostgresClient) async throws -> T) async throws -> T {
        try await Self.withClient(on: url, body)
    }

    /// Runs one statement on this database.
    public func execute(_ sql: String) async throws {
        try await Self.execute(sql, on: url)
    }

    /// Runs one statement on the database at `url`.
    public static func execute(_ sql: String, on url: String) async throws {
        try await withClient(on: url) { client in _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
    }

    static func withClient<T>(on url: String, _ body: (PostgresClient) async throws -> T) async throws -> T {
        try await withClient(configuration: try DatabaseURL.parse(url), body)
    }

    /// Runs `body` with a running client for `configuration` (a database reached another way, through a
    /// proxy say), shut down afterwards.
    public static func withClient<T>(
        configuration: PostgresClient.Configuration, _ body: (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// `server` with its database name replaced.
    static func url(_ server: String, database name: String) throws -> String {
        var components = try #require(URLComponents(string: server), "TEST_DATABASE_URL is not a URL")
        components.path = "/\(name)"
        return try #require(components.string)
    }
}
