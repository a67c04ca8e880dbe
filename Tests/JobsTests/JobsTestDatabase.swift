import Database
import Foundation
import Logging
import PostgresNIO
import Testing

enum JobsTestServices {
    static let databaseURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var postgresAvailable: Bool { databaseURL != nil || ProcessInfo.processInfo.environment["REQUIRE_SERVICES"] == "1" }
}

/// A migrated database of its own for one test, with a running client; dropped afterwards.
enum JobsTestDatabase {
    static let logger = Logger(label: "jobs-tests")

    static func with<T: Sendable>(_ body: @Sendable (PostgresClient, Queries) async throws -> T) async throws -> T {
        let adminURL = try #require(JobsTestServices.databaseURL, "TEST_DATABASE_URL is not set (make test sets it)")
        let name = "jobs_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try await execute("CREATE DATABASE \(name)", on: adminURL)
        var components = try #require(URLComponents(string: adminURL))
        components.path = "/\(name)"
        let client = PostgresClient(configuration: try DatabaseURL.parse(components.string!), backgroundLogger: logger)
        do {
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                _ = try await Migrator(client: client, logger: logger).migrate()
                return try await body(client, Queries(client: client, logger: logger))
            }
            try await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: adminURL)
            return result
        } catch {
            try? await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: adminURL)
            throw error
        }
    }

    static func execute(_ sql: String, on url: String) async throws {
        let client = PostgresClient(configuration: try DatabaseURL.parse(url), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }
}
