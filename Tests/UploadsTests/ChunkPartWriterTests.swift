import Foundation
import Logging
import NIOCore
import Storage
import Testing

@testable import Uploads

@Suite("ChunkPartWriter")
struct ChunkPartWriterTests {
    static let mebibyte = 1024 * 1024
    static let budgetBytes = 64 * mebibyte

    /// 5 MiB pieces with 5 MiB held back: a buffer of 10 MiB, chunks up to 55 MiB as parts.
    static func plan(upperBound: Int64) -> ChunkPartPlan {
        ChunkPartPlan(pieceSize: 5 * mebibyte, holdback: 5 * mebibyte, partsInFlight: 1, upperBound: upperBound)
    }

    /// A writer for chunk `index` whose multipart upload (for key "final") is created on first use.
    static func writer(
        _ store: ObservedStore, index: Int, upperBound: Int64, budget: BufferBudget, created: RecordedUploadID
    ) -> ChunkPartWriter {
        ChunkPartWriter(
            store: store, plan: plan(upperBound: upperBound), chunkIndex: index, budget: budget,
            temporaryKey: ".tmp/chunks/test"
        ) {
            let id = try await store.createMultipartUpload(key: "final", contentType: nil)
            await created.set(id)
            return ("final", id)
        }
    }

    static func write(_ bytes: [UInt8], to writer: ChunkPartWriter) async throws {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 256 * 1024)
            try await writer.write(ByteBuffer(bytes: bytes[offset..<end]))
            offset = end
        }
    }

    @Test("a chunk below the held-back size is a temporary object", arguments: [0, 1, 5 * mebibyte - 1])
    func smallChunk(size: Int) async throws {
        let store = try ObservedStore()
        let budget = BufferBudget(capacity: Self.budgetBytes)
        let created = RecordedUploadID()
        let writer = Self.writer(store, index: 3, upperBound: Int64(size), budget: budget, created: created)
        let bytes = ObjectUploadStreamTests.randomBytes(size)
        try await Self.write(bytes, to: writer)
        #expect(try await writer.finish() == .object(key: ".tmp/chunks/test", size: Int64(size)))
        #expect(try await store.read(".tmp/chunks/test") == bytes)
        #expect(await created.value == nil, "no multipart upload for a small chunk")
        #expect(await budget.availableBytes == Self.budgetBytes)
    }

    /// (size, expected part sizes): pieces of 5 MiB go out once 5 MiB more arrived; the rest is the last part.
    static let partCases: [(Int, [Int])] = [
        (5 * mebibyte, [5 * mebibyte]),
        (10 * mebibyte, [10 * mebibyte]),
        (10 * mebibyte + 1, [5 * mebibyte, 5 * mebibyte + 1]),
        (23 * mebibyte + 7, [5 * mebibyte, 5 * mebibyte, 5 * mebibyte, 8 * mebibyte + 7]),
        (55 * mebibyte, Array(repeating: 5 * mebibyte, count: 9) + [10 * mebibyte]),
    ]

    @Test("a chunk of at least 5 MiB becomes parts of its slot", arguments: partCases)
    func partChunk(size: Int, partSizes: [Int]) async throws {
        let store = try ObservedStore()
        let budget = BufferBudget(capacity: Self.budgetBytes)
        let created = RecordedUploadID()
        let writer = Self.writer(store, index: 2, upperBound: Int64(size) + 300, budget: budget, created: created)
        let bytes = ObjectUploadStreamTests.randomBytes(size)
        try await Self.write(bytes, to: writer)
        guard case .parts(let parts, let stored) = try await writer.finish() else {
            Issue.record("expected parts")
            return
        }
        #expect(stored == Int64(size))
        #expect(parts.map(\.partNumber) == Array(21..<(21 + partSizes.count)), "chunk 2 owns parts 21…30")
        #expect(store.puts == 0)
        #expect(store.maximumPartsInFlight <= 2, "one piece in flight besides the last part")
        // Completing with the parts gives back the chunk (parts but the last are ≥ 5 MiB, or LocalStore refuses).
        let uploadID = try #require(await created.value)
        try await store.completeMultipartUpload(key: "final", uploadID: uploadID, parts: parts)
        #expect(try await store.read("final") == bytes)
        var offset: Int64 = 0
        for (part, expected) in zip(parts, partSizes) {
            let download = try await store.getObject(key: "final", range: offset...(offset + Int64(expected) - 1))
            #expect(download.contentLength == Int64(expected), "part \(part.partNumber)")
            offset += Int64(expected)
        }
        #expect(offset == Int64(size))
        #expect(await budget.availableBytes == Self.budgetBytes)
    }

    @Test func aChunkLargerThanItsSlotIsRefused() async throws {
        let store = try ObservedStore()
        let budget = BufferBudget(capacity: Self.budgetBytes)
        let largest = Self.plan(upperBound: 0).largestChunk
        #expect(largest == Int64(55 * Self.mebibyte))
        let writer = Self.writer(store, index: 0, upperBound: largest, budget: budget, created: RecordedUploadID())
        await #expect(throws: UploadError.fileTooLarge(limit: largest)) {
            try await Self.write(ObjectUploadStreamTests.randomBytes(Int(largest) + 1), to: writer)
        }
        await writer.abort(logger: Logger(label: "test"))
        #expect(await budget.availableBytes == Self.budgetBytes)
    }

    @Test func aFailedPartReturnsTheMemory() async throws {
        let store = try ObservedStore()
        store.failPartNumber = 2
        let budget = BufferBudget(capacity: Self.budgetBytes)
        let writer = Self.writer(store, index: 0, upperBound: 30 * Int64(Self.mebibyte), budget: budget, created: RecordedUploadID())
        await #expect(throws: (any Error).self) {
            try await Self.write(ObjectUploadStreamTests.randomBytes(30 * Self.mebibyte), to: writer)
            _ = try await writer.finish()
        }
        #expect(writer.partsStarted > 0)
        await writer.abort(logger: Logger(label: "test"))
        #expect(await budget.availableBytes == Self.budgetBytes)
    }

    @Test func piecesFromSettings() {
        let layout = ChunkPartLayout(settings: UploadSettings(partSize: 8 * Self.mebibyte), minimumPartSize: 5 * Self.mebibyte)
        #expect(layout.largestChunk == Int64(165 * Self.mebibyte))
        #expect(layout.sendsParts(chunk: 999, upperBound: layout.largestChunk))
        #expect(!layout.sendsParts(chunk: 999, upperBound: layout.largestChunk + 1))
        #expect(!layout.sendsParts(chunk: 1000, upperBound: 10))
        #expect(!layout.sendsParts(chunk: 0, upperBound: nil), "a chunk of unknown length goes to a temporary object")
        // Up to 85 MiB: 8 MiB pieces, three in flight (like the upload pipeline): 13 + 24 MiB.
        let small = layout.plan(upperBound: 85 * Int64(Self.mebibyte))
        #expect(
            small
                == ChunkPartPlan(
                    pieceSize: 8 * Self.mebibyte, holdback: 5 * Self.mebibyte, partsInFlight: 3, upperBound: 85 * Int64(Self.mebibyte)))
        #expect(small.reservation == 37 * Self.mebibyte)
        #expect(layout.plan(upperBound: 100).reservation == 100)
        // Larger chunks: pieces just large enough for ten parts, fewer in flight.
        let large = layout.plan(upperBound: layout.largestChunk)
        #expect(large.pieceSize == 16 * Self.mebibyte && large.partsInFlight == 1)
        #expect(large.largestChunk == layout.largestChunk)
        #expect(large.reservation == 37 * Self.mebibyte)
        let middle = layout.plan(upperBound: 125 * Int64(Self.mebibyte))
        #expect(middle.pieceSize == 12 * Self.mebibyte && middle.partsInFlight == 1)
        #expect(middle.largestChunk >= 125 * Int64(Self.mebibyte))
        let hundred = layout.plan(upperBound: 100 * Int64(Self.mebibyte))
        #expect(hundred.pieceSize == 19 * Self.mebibyte / 2 && hundred.partsInFlight == 2)
        for upperBound in stride(from: Int64(0), through: layout.largestChunk, by: Self.mebibyte / 3) {
            #expect(layout.plan(upperBound: upperBound).reservation <= 37 * Self.mebibyte, "\(upperBound)")
        }
    }
}
