import Database
import Foundation
import Logging
import PostgresNIO
import Testing

/// A throwaway database per test, created from `TEST_DATABASE_URL` and dropped afterwards.
enum TestDatabase {
    static let environment = ProcessInfo.processInfo.environment
    /// Tests run when a server is configured, and must fail (not skip) when `REQUIRE_SERVICES=1`.
    static let isEnabled = environment["TEST_DATABASE_URL"] != nil || environment["REQUIRE_SERVICES"] == "1"
    static let logger = Logger(label: "DatabaseTests")

    static func serverURL() throws -> DatabaseURL {
        let text = try #require(environment["TEST_DATABASE_URL"], "TEST_DATABASE_URL is not set (REQUIRE_SERVICES=1)")
        return try DatabaseURL(text)
    }

    /// Runs `body` with a client connected to a new, empty database.
    static func withDatabase<Result>(_ body: (PostgresClient) async throws -> Result) async throws -> Result {
        let server = try serverURL()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await withClient(server) { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var url = server
        url.database = String(name)
        do {
            let result = try await withClient(url, body)
            try await drop(name, server: server)
            return result
        } catch {
            try? await drop(name, server: server)
            throw error
        }
    }

    static func drop(_ name: String, server: DatabaseURL) async throws {
        try await withClient(server) { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    /// Runs `body` with a running client for `url`, shut down afterwards.
    @discardableResult
    static func withClient<Result>(_ url: DatabaseURL, _ body: (PostgresClient) async throws -> Result) async throws -> Result {
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}
