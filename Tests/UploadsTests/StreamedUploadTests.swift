import Crypto
import Foundation
import Logging
import NIOCore
import Storage
import Testing

@testable import Uploads

extension ObservedStore: PartStreamingStore {
    var streamsParts: Bool { true }

    func uploadPart<Body: AsyncSequence & Sendable>(
        key: String, uploadID: String, partNumber: Int, length: Int64, body: Body
    ) async throws -> CompletedPart where Body.Element == ByteBuffer {
        record(streamedPart: length)
        if partNumber == failPartNumber {
            // Read a little first, as a store that fails mid-body would.
            var iterator = body.makeAsyncIterator()
            _ = try await iterator.next()
            throw ObjectStoreError.notFound(key: "injected failure")
        }
        return try await inner.uploadPart(key: key, uploadID: uploadID, partNumber: partNumber, length: length, body: body)
    }

    func truncateObject(key: String, toSize size: Int64, contentType: String?) async throws {
        record(truncation: size)
        try await inner.truncateObject(key: key, toSize: size, contentType: contentType)
    }
}

@Suite("ObjectUploadStream with streamed parts")
struct StreamedUploadTests {
    static let mebibyte = 1024 * 1024
    static let partSize = 5 * mebibyte
    static let streamedPartSize = 6 * mebibyte

    static func stream(_ store: ObservedStore, expectedSize: Int64, budget: BufferBudget) -> ObjectUploadStream {
        ObjectUploadStream(
            store: store, key: "u/f/big.bin", contentType: "application/octet-stream",
            partSize: partSize, maximumPartsInFlight: 2, budget: budget, computesSHA256: true,
            expectedSize: expectedSize, streamedPartSize: streamedPartSize)
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
    }

    /// (size written, size expected): exact, a little longer (no final CRLF), shorter within the last
    /// streamed part, shorter by more than a part (a form field after the file).
    @Test(
        "the object is byte-identical and hashed right whatever the real size",
        arguments: [
            (20 * mebibyte, 20 * mebibyte), (20 * mebibyte + 2, 20 * mebibyte), (20 * mebibyte - 3, 20 * mebibyte),
            (9 * mebibyte, 20 * mebibyte), (6 * mebibyte, 20 * mebibyte), (1, 20 * mebibyte), (0, 20 * mebibyte),
        ])
    func sizes(written: Int, expected: Int) async throws {
        let store = try ObservedStore()
        let budget = BufferBudget(capacity: 64 * Self.mebibyte)
        let stream = Self.stream(store, expectedSize: Int64(expected), budget: budget)
        let bytes = ObjectUploadStreamTests.randomBytes(written)
        try await ObjectUploadStreamTests.write(bytes, to: stream, chunk: 100_000)
        let result = try await stream.finish()

        #expect(result.size == Int64(written))
        #expect(result.sha256 == Self.sha256(bytes))
        #expect(try await store.read("u/f/big.bin") == bytes)
        #expect(store.leftoverFiles().count == 1)
        // 19 MiB streamed as 6 + 6 + 7 MiB; the held-back mebibyte (and more) buffered.
        let streamed = min(3, (written + Self.streamedPartSize - 1) / Self.streamedPartSize)
        #expect(store.streamedPartLengths.count == streamed)
        // A short upload ends in a padded part, then the object is cut back to its size.
        let startedBytes = [0, 6, 12, 19][streamed] * Self.mebibyte
        #expect(store.truncations == (written < startedBytes ? [Int64(written)] : []))
        try await Task.sleep(for: .milliseconds(20))
        #expect(await budget.availableBytes == 64 * Self.mebibyte)
    }

    @Test("streamed parts take no part buffers")
    func noBuffersForStreamedParts() async throws {
        let store = try ObservedStore()
        // Room for one part buffer, which the streamed parts don't touch.
        let budget = BufferBudget(capacity: Self.partSize)
        let stream = Self.stream(store, expectedSize: Int64(40 * Self.mebibyte), budget: budget)
        let bytes = ObjectUploadStreamTests.randomBytes(40 * Self.mebibyte - 2 * Self.mebibyte)
        try await ObjectUploadStreamTests.write(bytes, to: stream, chunk: 256 * 1024)
        #expect(await budget.availableBytes == Self.partSize)
        _ = try await stream.finish()
        #expect(try await store.read("u/f/big.bin") == bytes)
        #expect(store.streamedPartLengths == [6, 6, 6, 6, 6, 9].map { Int64($0 * Self.mebibyte) })
    }

    @Test("a failed streamed part fails the write, and abort leaves nothing behind")
    func failedPart() async throws {
        let store = try ObservedStore()
        store.failPartNumber = 2
        let budget = BufferBudget(capacity: 64 * Self.mebibyte)
        let stream = Self.stream(store, expectedSize: Int64(30 * Self.mebibyte), budget: budget)
        await #expect(throws: ObjectStoreError.self) {
            try await ObjectUploadStreamTests.write(ObjectUploadStreamTests.randomBytes(30 * Self.mebibyte), to: stream)
            _ = try await stream.finish()
        }
        await stream.abort(logger: Logger(label: "test"))
        #expect(try await store.headObject(key: "u/f/big.bin") == nil)
        #expect(store.leftoverFiles().isEmpty)
    }

    @Test("aborting in the middle of a streamed part leaves nothing behind")
    func abortMidPart() async throws {
        let store = try ObservedStore()
        let stream = Self.stream(store, expectedSize: Int64(30 * Self.mebibyte), budget: BufferBudget(capacity: 64 * Self.mebibyte))
        try await ObjectUploadStreamTests.write(ObjectUploadStreamTests.randomBytes(8 * Self.mebibyte + 5), to: stream)
        await stream.abort(logger: Logger(label: "test"))
        #expect(store.streamedPartLengths.count == 2)
        #expect(try await store.headObject(key: "u/f/big.bin") == nil)
        #expect(store.leftoverFiles().isEmpty)
    }
}
