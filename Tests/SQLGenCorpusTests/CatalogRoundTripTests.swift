import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// Every generated function of Tests/SQLGenCorpus/catalog (schemas, domains, partitions, INHERITS,
/// materialized views, functions) and every command: :copyfrom, :batch*, :execresult, streams.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct CatalogRoundTripTests {
    @Test func qualifiedTablesDomainsPartitionsAndInheritance() async throws {
        try await CorpusSchema.withQueries { q in
            let bolt = try #require(try await q.createItem(code: "Bolt", unit: .kilogram, quantity: 3, label: nil))
            #expect(bolt.unit == .kilogram && bolt.weight == nil)
            #expect(try await q.getItem(id: bolt.id) == bolt)
            #expect(try await q.itemsByUnit(unit: .kilogram).map(\.id) == [bolt.id])
            #expect(try await q.itemByCode(code: "Bolt")?.quantity == 3)
            #expect(try await q.itemByCode(code: "bOLT")?.quantity == 3, "citext compares case-insensitively")
            #expect(try await q.itemLabel(id: bolt.id) == "BOLT")
            #expect(try await q.itemWeight(id: bolt.id) == nil)
            let day = Date(timeIntervalSince1970: 1_717_200_000)  // 2024-06-01
            try await q.addMeasurement(itemID: bolt.id, value: 1.5, takenOn: day)
            #expect(try await q.measurementsOfItem(itemID: bolt.id).map(\.value) == [1.5])
            #expect(try await q.allMeasurements().map(\.takenOn) == [day])
            let note = try #require(try await q.addItemNote(body: "rusty", itemID: bolt.id))
            #expect(try await q.notesOfItem(itemID: bolt.id).map(\.id) == [note.id])
            #expect(try await q.itemTotals().isEmpty)  // a materialized view, not refreshed
            var streamed: [Int32] = []
            for try await row in try await q.itemsByUnitStream(unit: .kilogram) { streamed.append(row.id) }
            #expect(streamed == [bolt.id])
        }
    }

    @Test func copyFromBatchesAndOptionalEmbeds() async throws {
        try await CorpusSchema.withQueries { q in
            var rows: [CopyItemsParams] = []
            for index in 0..<2500 {
                let unit: InventoryUnit = index % 2 == 0 ? .piece : .kilogram
                let label: String? = index % 3 == 0 ? nil : "l\(index)"
                rows.append(CopyItemsParams(code: "c\(index)", unit: unit, quantity: Int32(index + 1), label: label))
            }
            #expect(try await q.copyItems(rows) == 2500)
            #expect(try await q.copyNotes([CopyNotesParams(body: "a"), CopyNotesParams(body: "b")]) == 2)
            let first = try #require(try await q.itemByCode(code: "c0"))
            let second = try #require(try await q.itemByCode(code: "c1"))
            try await q.batchRelabel([BatchRelabelParams(label: "one", id: first.id), BatchRelabelParams(label: nil, id: second.id)])
            let fetched = try await q.batchGetItem([
                BatchGetItemParams(id: first.id), BatchGetItemParams(id: -1), BatchGetItemParams(id: second.id),
            ])
            #expect(fetched.map { $0?.label } == ["one", nil, nil] && fetched[1] == nil)
            let byUnit = try await q.batchItemsByUnit([BatchItemsByUnitParams(unit: .piece), BatchItemsByUnitParams(unit: .kilogram)])
            #expect(byUnit.map(\.count) == [1250, 1250])
            #expect(try await q.itemsByIDs(ids: [first.id, second.id]).count == 2)
            #expect(try await q.optionalUnitFilter(unit: nil).count == 2500)
            #expect(try await q.optionalUnitFilter(unit: .piece).count == 1250)
            #expect(try await q.labelOrDefault(label: "one") == [first.id])
            _ = try #require(try await q.addItemNote(body: "n", itemID: first.id))
            // sqlc.embed on the nullable side of a LEFT JOIN: nil where nothing joined (sqlc #2348).
            let embedded = try await q.itemsWithNotes()
            #expect(embedded.count == 2500)
            #expect(embedded.filter { $0.itemNote != nil }.map(\.inventoryItem.id) == [first.id])
            let note = try #require(try await q.notesOfItem(itemID: first.id).first)
            #expect(try await q.deleteNotesResult(id: note.id) == 1)  // deletes from notes and its child item_notes
            #expect(try await q.deleteNotesResult(id: note.id) == 0)
        }
    }
}
