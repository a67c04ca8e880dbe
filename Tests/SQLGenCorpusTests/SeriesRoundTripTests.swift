import Database
import Foundation
import TestSupport
import Testing

/// Set-returning functions in the select list and in FROM: the Swift types the analysis gives them
/// decode the server's rows.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct SeriesRoundTripTests {
    @Test func unnestAndGenerateSeriesDecodeAsInferred() async throws {
        try await CorpusSchema.withQueries { q in
            #expect(try await q.unnestCodes(codes: ["b", "", "a"]) == ["b", "", "a"])
            let day = 24 * 60 * 60.0
            let first = Date(timeIntervalSince1970: 20_000 * day)
            let days = try await q.daySeries(firstDay: first, lastDay: first.addingTimeInterval(2 * day))
            #expect(days.count == 3)
            #expect(zip(days, days.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == day })
            let numbers = try await q.numberSeries(count: 4)
            #expect(numbers.map(\.n) == [1, 2, 3, 4] && numbers.map(\.doubled) == [2, 4, 6, 8])
            #expect(try await q.numberSeries(count: 0).isEmpty)
        }
    }
}
