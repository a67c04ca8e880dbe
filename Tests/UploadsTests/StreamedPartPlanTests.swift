import Testing

@testable import Uploads

@Suite("StreamedPartPlan")
struct StreamedPartPlanTests {
    static let mebibyte: Int64 = 1024 * 1024

    static func plan(_ expected: Int64, partSize: Int64 = 64 * mebibyte, maximumParts: Int = 9_000) -> StreamedPartPlan? {
        StreamedPartPlan(
            expectedSize: expected, partSize: partSize, minimumPartSize: 5 * mebibyte,
            heldBack: mebibyte, singleRequestLimit: 8 * mebibyte, maximumParts: maximumParts)
    }

    @Test("nothing is streamed for a file stored with one request or shorter than a part")
    func tooSmall() {
        #expect(Self.plan(8 * Self.mebibyte) == nil)
        #expect(
            StreamedPartPlan(
                expectedSize: 5 * Self.mebibyte, partSize: 64 * Self.mebibyte, minimumPartSize: 5 * Self.mebibyte,
                heldBack: Self.mebibyte, singleRequestLimit: 0) == nil)
    }

    @Test(
        "parts cover everything but the held-back end, each at least the minimum part size",
        arguments: [8 * mebibyte + 1, 9 * mebibyte, 64 * mebibyte, 65 * mebibyte, 70 * mebibyte + 3, 1 << 30, 5 << 30])
    func coverage(expected: Int64) throws {
        let plan = try #require(Self.plan(expected))
        #expect(plan.streamedBytes == expected - Self.mebibyte)
        #expect(plan.partLengths.allSatisfy { $0 >= 5 * Self.mebibyte })
        #expect(plan.partLengths.dropLast().allSatisfy { $0 == 64 * Self.mebibyte })
        #expect(plan.partLengths.last! < 69 * Self.mebibyte)
    }

    @Test("a remainder shorter than a part is merged into the last part")
    func remainderMerged() throws {
        let plan = try #require(Self.plan(129 * Self.mebibyte + 3 * Self.mebibyte))
        #expect(plan.partLengths == [64 * Self.mebibyte, 67 * Self.mebibyte])
        let split = try #require(Self.plan(129 * Self.mebibyte + 6 * Self.mebibyte))
        #expect(split.partLengths == [64 * Self.mebibyte, 64 * Self.mebibyte, 6 * Self.mebibyte])
    }

    @Test("parts grow so that a huge file stays within the part budget")
    func partCountBounded() throws {
        let plan = try #require(Self.plan(5 * 1024 * 1024 * 1024 * 1024, maximumParts: 9_000))
        #expect(plan.partLengths.count <= 9_000)
        #expect(plan.streamedBytes == 5 * 1024 * 1024 * 1024 * 1024 - Self.mebibyte)
    }
}
