import Database
import TestSupport
import Testing

/// timetz, macaddr and macaddr8 (scalars and arrays): COPY and bound parameters store the same values,
/// and the server reads them as their text says.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct ClockReadingsRoundTripTests {
    static let full = CopyClockReadingsParams(
        localAt: TimeWithZone(
            time: TimeOfDay(hour: 23, minute: 59, second: 59, microsecond: 999_999), utcOffsetSeconds: -(9 * 3600 + 30 * 60)),
        device: MACAddress("08:00:2b:01:02:ff"), device8: MACAddress8("08-00-2b-01-02-03-04-05"),
        alarms: [
            TimeWithZone(time: TimeOfDay(hour: 7, minute: 0), utcOffsetSeconds: 3600),
            TimeWithZone(time: TimeOfDay(microseconds: 0), utcOffsetSeconds: 14 * 3600),
        ],
        seenBy: [MACAddress(bytes: [0, 0, 0, 0, 0, 0])!, MACAddress(bytes: [255, 255, 255, 255, 255, 255])!])
    static let sparse = CopyClockReadingsParams(
        localAt: TimeWithZone(time: TimeOfDay(hour: 12, minute: 0), utcOffsetSeconds: 0),
        device: nil, device8: nil, alarms: [], seenBy: nil)

    static func params(_ row: ClockReading) -> CopyClockReadingsParams {
        CopyClockReadingsParams(localAt: row.localAt, device: row.device, device8: row.device8, alarms: row.alarms, seenBy: row.seenBy)
    }

    @Test func copyAndBoundParametersStoreTheSameValues() async throws {
        try await CorpusSchema.withQueries { q in
            #expect(try await q.copyClockReadings([Self.full, Self.sparse]) == 2)
            for row in [Self.full, Self.sparse] {
                let inserted = try await q.insertClockReading(
                    localAt: row.localAt, device: row.device, device8: row.device8, alarms: row.alarms, seenBy: row.seenBy)
                #expect(Self.params(try #require(inserted)) == row)
            }
            let stored = try await q.listClockReadings().map(Self.params)
            #expect(stored == [Self.full, Self.sparse, Self.full, Self.sparse])
        }
    }

    @Test func theServerReadsThemAsTheirTextSays() async throws {
        try await CorpusSchema.withQueries { q in
            _ = try await q.copyClockReadings([Self.full])
            // PostgreSQL orders timetz by the time plus its zone's offset, not wrapped at midnight:
            // 23:59:59.999999-09:30 comes before 23:59:59-10:00 and after 23:59:59-09:00.
            let device = try #require(Self.full.device)
            let before = TimeWithZone(time: TimeOfDay(hour: 23, minute: 59, second: 59), utcOffsetSeconds: -10 * 3600)
            let after = TimeWithZone(time: TimeOfDay(hour: 23, minute: 59, second: 59), utcOffsetSeconds: -9 * 3600)
            #expect(try await q.readingsOfDevice(device: device, localAt: before).map(\.localAt) == [Self.full.localAt])
            #expect(try await q.readingsOfDevice(device: device, localAt: after).isEmpty)
            #expect(try await q.readingsOfDevice(device: MACAddress("08:00:2b:01:02:fe")!, localAt: before).isEmpty)
            #expect(Self.full.localAt.description == "23:59:59.999999-09:30" && device.description == "08:00:2b:01:02:ff")
            #expect(
                MACAddress("08:00:2b:01:02") == nil && MACAddress8("08:00:2b:01:02:03") == nil && MACAddress("zz:00:2b:01:02:03") == nil)
        }
    }
}
