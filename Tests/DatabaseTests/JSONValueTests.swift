import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct JSONValueTests {
    @Test func jsonbRoundTrips() async throws {
        try await ScratchDatabase.withClient { client in
            let value = JSONValue.object(["name": .string("a.pdf"), "size": .number(12), "tags": .array([.bool(true), .null])])
            let rows = try await client.query(
                "SELECT \(value)::jsonb, (\(value)::jsonb)->>'name', '{\"x\": [1]}'::json", logger: ScratchDatabase.logger)
            for try await (decoded, name, plain) in rows.decode((JSONValue, String, JSONValue).self) {
                #expect(decoded == value)
                #expect(name == "a.pdf")
                #expect(plain == .object(["x": .array([.number(1)])]))
            }
        }
    }
}
