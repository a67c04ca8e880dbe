import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// `:copyfrom` (COPY ... FROM STDIN in text format) against a live PostgreSQL: every mapped type, NULLs
/// and awkward text store exactly what the bound-parameter path (`InsertTypedValue`) stores.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct CopyFromRoundTripTests {
    static let awkward = "tab\there\nnew line\r\nCR back\\slash \\N \\. \\x41 ✓ 𝄞 🎉 \"double\" 'single' {braces},comma"

    /// Values chosen to hit every escape: COPY's (tab, newline, CR, backslash), array literals' (quotes,
    /// commas, braces, "NULL"), JSON's, bytea's, and dates before 1970 and 2000.
    static let full = CopyTypedValuesParams(
        small: .min, normal: .max, big: .min, ratio: 0.1, score: 0.1 + 0.2, amount: Decimal(string: "-12345678901234.123456")!,
        flag: true, label: awkward, shortCode: "", token: UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8")!,
        happenedAt: Date(timeIntervalSince1970: 1_717_243_200.5), localAt: Date(timeIntervalSince1970: -946_771_200.25),
        day: Date(timeIntervalSince1970: -864_000_000), payload: Data([0, 1, 0x5c, 0x09, 0x0a, 0x0d, 0x22, 0xff]),
        doc: .object(["text": .string(awkward), "n": .number(1.5), "list": .array([.null, .bool(true), .number(-3)])]),
        docb: .string("\u{1} control and ✓"), feeling: .itSComplicated,
        tags: ["a,b", "{braces}", "quote\"d", "back\\slash", "NULL", "", "tab\there", "new\nline", " spaced "],
        counts: [.min, 0, .max], bigs: [.min, -1, .max], flags: [true, false], scores: [1.5, -2.25, .infinity, 1e-300],
        tokens: [UUID(), UUID()], moments: [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 4_102_444_800.75)],
        feelings: [.happy, .itSComplicated, .sad], waited: Interval(months: -14, days: 3, microseconds: 3_723_000_001),
        opensAt: TimeOfDay(hour: 23, minute: 59, second: 59, microsecond: 999_999), client: InetAddress("2001:db8::1/64")!,
        network: InetAddress("10.1.0.0/16")!, waits: [Interval(days: 1), Interval(microseconds: -1)],
        clients: [InetAddress("192.168.0.1")!, InetAddress("::1")!],
        cost: PriceTag(currency: "E\"U,R", cents: -1, note: awkward, feeling: .itSComplicated, seenOn: Date(timeIntervalSince1970: 86_400)),
        slots: SQLRange(lower: -5, upper: 10), ids: SQLRange(lower: nil, upper: .max),
        amounts: SQLRange(lower: Decimal(string: "0.5"), upper: 2, upperInclusive: true),
        span: SQLRange(lower: Date(timeIntervalSince1970: 1_717_243_200.5), upper: nil),
        localSpan: SQLRange(
            lower: Date(timeIntervalSince1970: -1), upper: Date(timeIntervalSince1970: 0), lowerInclusive: false, upperInclusive: true),
        days: SQLRange(lower: Date(timeIntervalSince1970: 1_717_200_000), upper: Date(timeIntervalSince1970: 1_717_545_600)))

    static let allNull = CopyTypedValuesParams(
        small: nil, normal: nil, big: nil, ratio: nil, score: nil, amount: nil, flag: nil, label: nil, shortCode: nil, token: nil,
        happenedAt: nil, localAt: nil, day: nil, payload: nil, doc: nil, docb: nil, feeling: nil, tags: nil, counts: nil,
        bigs: nil, flags: nil, scores: nil, tokens: nil, moments: nil, feelings: nil, waited: nil, opensAt: nil, client: nil,
        network: nil, waits: nil, clients: nil, cost: nil, slots: nil, ids: nil, amounts: nil, span: nil, localSpan: nil, days: nil)

    /// Empty values that are not NULL: empty string, bytea, arrays; JSON null; zero; false.
    static let empty = CopyTypedValuesParams(
        small: 0, normal: 0, big: 0, ratio: -.infinity, score: -0.0, amount: 0, flag: false, label: "", shortCode: "empty",
        token: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, happenedAt: Date(timeIntervalSince1970: 946_684_800),
        localAt: Date(timeIntervalSince1970: 0), day: Date(timeIntervalSince1970: 0), payload: Data(), doc: .null,
        docb: .array([]), feeling: .sad, tags: [], counts: [], bigs: [], flags: [], scores: [], tokens: [], moments: [], feelings: [],
        waited: Interval(), opensAt: TimeOfDay(microseconds: 0), client: InetAddress("0.0.0.0/0")!, network: InetAddress("::/0")!,
        waits: [], clients: [], cost: PriceTag(currency: "", cents: nil, note: nil, feeling: nil, seenOn: nil),
        slots: .empty, ids: SQLRange(lower: nil, upper: nil), amounts: .empty, span: .empty, localSpan: SQLRange(lower: nil, upper: nil),
        days: .empty)

    @Test func everyTypeAndNullStoresWhatBoundParametersStore() async throws {
        try await CorpusSchema.withQueries { q in
            let rows = [Self.full, Self.allNull, Self.empty]
            #expect(try await q.copyTypedValues(rows) == 3)
            for row in rows {
                var bound = row
                bound.shortCode = row.shortCode.map { "bound " + $0 }  // short_code is UNIQUE
                _ = try #require(try await Self.insert(bound, q))
            }
            let stored = try await q.listTypedValues()
            try #require(stored.count == 6)
            for (index, row) in rows.enumerated() {
                let copied = Self.params(stored[index])
                var bound = Self.params(stored[index + 3])
                bound.shortCode = bound.shortCode.map { String($0.dropFirst("bound ".count)) }
                #expect(copied == row, "COPY stored row \(index) as given")
                #expect(copied == bound, "COPY and bound parameters store the same row \(index)")
            }
            #expect(stored[0].label == Self.awkward && stored[0].shortCode == "" && stored[1].shortCode == nil)
        }
    }

    @Test func intervalTimeAndInetAreParametersToo() async throws {
        try await CorpusSchema.withQueries { q in
            #expect(try await q.copyTypedValues([Self.full, Self.empty]) == 2)
            #expect(try await q.clientsInNetwork(client: InetAddress("2001:db8::/32")!).map(\.client) == [Self.full.client])
            #expect(try await q.clientsInNetwork(client: InetAddress("10.0.0.0/8")!).isEmpty)
            let waits = try await q.longWaits(waited: Interval(microseconds: -1), opensAt: TimeOfDay(hour: 12, minute: 0))
            #expect(waits.map(\.waited) == [Interval()], "-14 months is shorter; 23:59 opens too late")
            #expect(InetAddress("10.1.0.0/16")?.description == "10.1.0.0/16" && InetAddress("::1")?.description == "::1")
            #expect(InetAddress("10.1.0.0/33") == nil && InetAddress("no") == nil)
            #expect(TimeOfDay(hour: 9, minute: 5, second: 7, microsecond: 250_000).description == "09:05:07.250000")
            // A composite bound as a parameter (row literal) and decoded from the binary record format.
            let costing = try await q.valuesCosting(cost: try #require(Self.full.cost))
            #expect(costing.map(\.cost) == [Self.full.cost])
            #expect(
                try await q.valuesCosting(cost: try #require(Self.empty.cost)).map(\.cost) == [Self.empty.cost],
                "composite values with NULL fields compare equal (record_eq), and empty text stays empty text")
            // June 2 to 3.
            let june = SQLRange(lower: Date(timeIntervalSince1970: 1_717_286_400), upper: Date(timeIntervalSince1970: 1_717_372_800))
            #expect(try await q.valuesInSlot(slots: 9, days: june).map(\.slots) == [Self.full.slots])
            #expect(try await q.valuesInSlot(slots: 10, days: june).isEmpty, "[-5,10) excludes 10")
            #expect(
                SQLRange(lower: Int32(1), upper: 5, upperInclusive: true).copyText == #"["1","5"]"#
                    && SQLRange<Int32>.empty.copyText == "empty")
        }
    }

    @Test func manyRowsStreamInSeveralMessagesAndParametersMayBeReordered() async throws {
        try await CorpusSchema.withQueries { q in
            let rows = (0..<20_000).map {
                CopyLabelsReversedParams(label: "row \($0)\t" + String(repeating: "x", count: $0 % 50), normal: Int32($0))
            }
            #expect(try await q.copyLabelsReversed(rows) == 20_000)
            let stored = try await q.listTypedValues()
            #expect(stored.map(\.normal) == (0..<20_000).map { Int32($0) })
            #expect(stored.map(\.label) == rows.map(\.label))
            #expect(try await q.copyLabelsReversed([]) == 0)
        }
    }

    @Test func aFailingRowInsertsNothingAndTheConnectionStaysUsable() async throws {
        try await CorpusSchema.withQueries { (q) async throws in
            // quantity is a domain `positive_int CHECK (VALUE > 0)`: the third row violates it.
            let items = [
                CopyItemsParams(code: "a", unit: .piece, quantity: 1, label: nil),
                CopyItemsParams(code: "b", unit: .kilogram, quantity: 2, label: "b"),
                CopyItemsParams(code: "c", unit: .piece, quantity: 0, label: nil),
            ]
            await #expect(throws: PSQLError.self) { try await q.copyItems(items) }
            #expect(try await q.itemByCode(code: "a") == nil)
            #expect(try await q.copyItems(Array(items.prefix(2))) == 2)  // schema-qualified table, enum, citext, domain
            #expect(try await q.itemByCode(code: "b")?.quantity == 2)
        }
    }

    @Test func copyJoinsTheConnectionsTransaction() async throws {
        try await CorpusSchema.withQueries { (q) async throws in
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await q.withTransaction { tx in
                    #expect(try await tx.copyTypedValues([Self.allNull, Self.allNull]) == 2)
                    #expect(try await tx.countTypedValues() == 2)
                    throw Rollback()
                }
            }
            #expect(try await q.countTypedValues() == 0)
        }
    }

    static func params(_ value: TypedValue) -> CopyTypedValuesParams {
        CopyTypedValuesParams(
            small: value.small, normal: value.normal, big: value.big, ratio: value.ratio, score: value.score, amount: value.amount,
            flag: value.flag, label: value.label, shortCode: value.shortCode, token: value.token, happenedAt: value.happenedAt,
            localAt: value.localAt, day: value.day, payload: value.payload, doc: value.doc, docb: value.docb, feeling: value.feeling,
            tags: value.tags, counts: value.counts, bigs: value.bigs, flags: value.flags, scores: value.scores, tokens: value.tokens,
            moments: value.moments, feelings: value.feelings, waited: value.waited, opensAt: value.opensAt, client: value.client,
            network: value.network, waits: value.waits, clients: value.clients, cost: value.cost, slots: value.slots, ids: value.ids,
            amounts: value.amounts, span: value.span, localSpan: value.localSpan, days: value.days)
    }

    static func insert(_ p: CopyTypedValuesParams, _ q: Queries) async throws -> TypedValue? {
        try await q.insertTypedValue(
            small: p.small, normal: p.normal, big: p.big, ratio: p.ratio, score: p.score, amount: p.amount, flag: p.flag,
            label: p.label, shortCode: p.shortCode, token: p.token, happenedAt: p.happenedAt, localAt: p.localAt, day: p.day,
            payload: p.payload, doc: p.doc, docb: p.docb, feeling: p.feeling, tags: p.tags, counts: p.counts, bigs: p.bigs,
            flags: p.flags, scores: p.scores, tokens: p.tokens, moments: p.moments, feelings: p.feelings, waited: p.waited,
            opensAt: p.opensAt, client: p.client, network: p.network, waits: p.waits, clients: p.clients, cost: p.cost, slots: p.slots,
            ids: p.ids, amounts: p.amounts, span: p.span, localSpan: p.localSpan, days: p.days)
    }
}
