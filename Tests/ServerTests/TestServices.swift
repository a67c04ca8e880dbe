import Database
import Foundation
import Logging
import PostgresNIO
import Testing

/// Services the integration tests run against, from `make test`'s environment.
enum TestServices {
    static let environment = ProcessInfo.processInfo.environment
    static let databaseURL = environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    /// `make test` sets REQUIRE_SERVICES=1: a missing service fails the run instead of skipping tests.
    static let required = environment["REQUIRE_SERVICES"] == "1"
    static var postgresAvailable: Bool { databaseURL != nil || required }
}

/// A database of its own for one test, dropped afterwards.
struct TestDatabase {
    let url: String

    static func withDatabase<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let adminURL = try #require(TestServices.databaseURL, "TEST_DATABASE_URL is not set (make test sets it)")
        let name = "server_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try await execute("CREATE DATABASE \(name)", on: adminURL)
        var components = try #require(URLComponents(string: adminURL))
        components.path = "/\(name)"
        do {
            let result = try await body(TestDatabase(url: components.string!))
            try await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: adminURL)
            return result
        } catch {
            try? await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: adminURL)
            throw error
        }
    }

    static func execute(_ sql: String, on url: String) async throws {
        let client = PostgresClient(configuration: try DatabaseURL.parse(url), backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }

    /// Rows of `uploads` (all users, all statuses).
    func uploadCount() async throws -> Int {
        let client = PostgresClient(configuration: try DatabaseURL.parse(url), backgroundLogger: Logger(label: "test"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            for try await count in try await client.query("SELECT count(*) FROM uploads").decode(Int.self) {
                return count
            }
            return 0
        }
    }
}
