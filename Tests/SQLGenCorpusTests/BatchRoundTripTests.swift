import Database
import Foundation
import PostgresNIO
import Testing

/// `:batchexec`, `:batchone`, `:batchmany` against a live PostgreSQL: all statements handed to one
/// connection at once, results in order, the failing element named, all-or-nothing on a client.
@Suite(.enabled(if: CorpusDatabase.isEnabled, "needs TEST_DATABASE_URL"))
struct BatchRoundTripTests {
    @Test func resultsComeBackInOrder() async throws {
        try await CorpusDatabase.withQueries { q in
            let codes = (0..<300).map { "code \($0)" }
            try await q.batchInsertLabels(codes.map { BatchInsertLabelsParams(shortCode: $0, label: "label of \($0)") })
            #expect(try await q.countTypedValues() == 300)
            let lookups = codes.reversed().map { BatchLabelByCodeParams(shortCode: $0) } + [BatchLabelByCodeParams(shortCode: "missing")]
            let found = try await q.batchLabelByCode(lookups)
            #expect(found.count == 301 && found.last! == nil)
            #expect(found.dropLast().map { $0?.label } == codes.reversed().map { "label of \($0)" })

            _ = try await q.copyLabelsReversed((0..<30).map { CopyLabelsReversedParams(label: "n\($0 % 3)", normal: Int32($0 % 3)) })
            let groups = try await q.batchLabelsByNormal([2, 7, 0, 1].map { BatchLabelsByNormalParams(normal: $0) })
            #expect(groups.map(\.count) == [10, 0, 10, 10])
            #expect(groups[0].allSatisfy { $0 == "n2" } && groups[2].allSatisfy { $0 == "n0" })
            #expect(try await q.batchLabelByCode([]).isEmpty)
        }
    }

    @Test func aFailingElementIsNamedAndOnAClientNothingIsApplied() async throws {
        try await CorpusDatabase.withQueries { q in
            let batch = ["a", "b", "a", "c"].map { BatchInsertLabelsParams(shortCode: $0, label: nil) }  // short_code is UNIQUE
            let error = await #expect(throws: QueryBatchError.self) { try await q.batchInsertLabels(batch) }
            #expect(error?.index == 2)
            #expect((error?.underlying as? PSQLError)?.serverInfo?[.sqlState] == "23505")
            #expect(try await q.countTypedValues() == 0, "the batch is one transaction on a client")
            try await q.batchInsertLabels(Array(batch.prefix(2)))
            #expect(try await q.countTypedValues() == 2, "the connection is usable again")
        }
    }

    @Test func onAConnectionTheBatchJoinsItsTransaction() async throws {
        try await CorpusDatabase.withQueries { q in
            let batch = ["x", "y", "x"].map { BatchInsertLabelsParams(shortCode: $0, label: nil) }
            await #expect(throws: QueryBatchError.self) {
                try await q.withTransaction { tx in try await tx.batchInsertLabels(batch) }
            }
            #expect(try await q.countTypedValues() == 0)
            try await q.withTransaction { tx in
                try await tx.batchInsertLabels(Array(batch.prefix(2)))
                #expect(try await tx.batchLabelByCode([BatchLabelByCodeParams(shortCode: "y")]).first??.id != nil)
            }
            #expect(try await q.countTypedValues() == 2)
        }
    }
}
