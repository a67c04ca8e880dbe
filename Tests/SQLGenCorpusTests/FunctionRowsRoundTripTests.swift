import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// Functions in FROM (Tests/SQLGenCorpus/types/schema/0002_functions.sql) against a live PostgreSQL:
/// SETOF a table gives the table's model, RETURNS TABLE and OUT parameters a row, SETOF a scalar and
/// unnest ... WITH ORDINALITY their columns.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct FunctionRowsRoundTripTests {
    @Test func functionsInFromGiveTheirDeclaredRows() async throws {
        try await CorpusSchema.withQueries { q in
            try await q.batchInsertLabels([
                BatchInsertLabelsParams(shortCode: "a-1", label: "apple"),
                BatchInsertLabelsParams(shortCode: "b-2", label: "banana"),
                BatchInsertLabelsParams(shortCode: "a-3", label: "apricot"),
            ])
            let values: [TypedValue] = try await q.valuesWithLabel(prefix: "ap")
            #expect(values.map(\.shortCode) == ["a-1", "a-3"])
            let stats = try await q.labelStats(minNormal: 0)
            #expect(stats.isEmpty, "normal is NULL everywhere, so nothing is >= 0")
            _ = try await q.copyLabelsReversed([
                CopyLabelsReversedParams(label: "x", normal: 5), CopyLabelsReversedParams(label: "x", normal: 7),
            ])
            #expect(try await q.labelStats(minNormal: 6).map { [$0.label, $0.total.map(String.init)] } == [["x", "1"]])
            let parts = try #require(try await q.codeParts(code: "left-right"))
            #expect(parts.head == "left" && parts.tail == "right")
            #expect(try await q.normalsUpTo(n: 4) == [1, 2, 3, 4])
            let labels = try await q.labelsOfCodes(codes: ["b-2", "zzz", "a-1"])
            #expect(labels.map(\.position) == [1, 2, 3])
            #expect(labels.map(\.code) == ["b-2", "zzz", "a-1"] && labels.map(\.label) == ["banana", nil, "apple"])
        }
    }
}
