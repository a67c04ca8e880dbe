import Database
import Foundation
import TestSupport
import Testing

/// Multiranges: COPY and bound literals store the same values, which the server merges and
/// canonicalizes as it does ranges, and reads as their text says.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct AvailabilityRoundTripTests {
    static func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T00:00:00Z")! }

    static let full = CopyAvailabilityParams(
        seats: SQLMultirange([SQLRange(lower: 1, upper: 10), SQLRange(lower: 20, upper: nil)]),
        days: SQLMultirange([SQLRange(lower: day("2026-01-01"), upper: day("2026-01-05"))]),
        prices: SQLMultirange([SQLRange(lower: Decimal(string: "0.5"), upper: Decimal(string: "9.99"), upperInclusive: true)]),
        windows: SQLMultirange([SQLRange(lower: nil, upper: Date(timeIntervalSince1970: 1_800_000_000))]),
        tickets: SQLMultirange([]))
    static let sparse = CopyAvailabilityParams(seats: SQLMultirange([]), days: nil, prices: nil, windows: nil, tickets: nil)

    static func params(_ row: Availability) -> CopyAvailabilityParams {
        CopyAvailabilityParams(seats: row.seats, days: row.days, prices: row.prices, windows: row.windows, tickets: row.tickets)
    }

    @Test func copyAndBoundParametersStoreTheSameValues() async throws {
        try await CorpusSchema.withQueries { q in
            #expect(try await q.copyAvailability([Self.full, Self.sparse]) == 2)
            for row in [Self.full, Self.sparse] {
                let inserted = try await q.insertAvailability(
                    seats: row.seats, days: row.days, prices: row.prices, windows: row.windows, tickets: row.tickets)
                #expect(Self.params(try #require(inserted)) == row)
            }
            #expect(try await q.listAvailability().map(Self.params) == [Self.full, Self.sparse, Self.full, Self.sparse])
        }
    }

    @Test func theServerMergesAndCanonicalizesThem() async throws {
        try await CorpusSchema.withQueries { q in
            // Overlapping and adjacent ranges merge; an inclusive integer bound becomes exclusive.
            let messy = SQLMultirange<Int32>([
                SQLRange(lower: 5, upper: 8, upperInclusive: true), SQLRange(lower: 1, upper: 3),
                SQLRange(lower: 3, upper: 6), .empty,
            ])
            let stored = try #require(try await q.insertAvailability(seats: messy, days: nil, prices: nil, windows: nil, tickets: nil))
            #expect(stored.seats == SQLMultirange([SQLRange(lower: 1, upper: 9)]))
            #expect(try await q.availabilityWithSeat(seat: 8).map(\.seats) == [stored.seats])
            #expect(try await q.availabilityWithSeat(seat: 9).isEmpty)
            #expect(messy.copyText == #"{["5","8"],["1","3"),["3","6")}"#)
        }
    }
}
