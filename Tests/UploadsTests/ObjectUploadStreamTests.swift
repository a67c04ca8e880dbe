import Crypto
import Foundation
import Logging
import NIOCore
import Storage
import Testing

@testable import Uploads

/// A real `LocalStore` in a temporary folder, observed: counts requests and the parts in flight.
final class ObservedStore: ObjectStore, @unchecked Sendable {
    let inner: LocalStore
    let root: URL
    private let lock = NSLock()
    private(set) var puts = 0
    private(set) var partsStarted = 0
    private(set) var maximumPartsInFlight = 0
    private var partsInFlight = 0
    var failPartNumber: Int?
    private(set) var streamedPartLengths: [Int64] = []
    private(set) var truncations: [Int64] = []

    func record(streamedPart length: Int64) { lock.withLock { streamedPartLengths.append(length) } }
    func record(truncation size: Int64) { lock.withLock { truncations.append(size) } }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("uploads-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        inner = LocalStore(root: root)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var minimumPartSize: Int { inner.minimumPartSize }

    func putObject(key: String, body: ByteBuffer, contentType: String?) async throws -> String? {
        lock.withLock { puts += 1 }
        return try await inner.putObject(key: key, body: body, contentType: contentType)
    }

    func createMultipartUpload(key: String, contentType: String?) async throws -> String {
        try await inner.createMultipartUpload(key: key, contentType: contentType)
    }

    func uploadPart(key: String, uploadID: String, partNumber: Int, body: ByteBuffer) async throws -> CompletedPart {
        lock.withLock {
            partsStarted += 1
            partsInFlight += 1
            maximumPartsInFlight = max(maximumPartsInFlight, partsInFlight)
        }
        defer { lock.withLock { partsInFlight -= 1 } }
        try await Task.sleep(for: .milliseconds(20))
        if partNumber == failPartNumber { throw ObjectStoreError.notFound(key: "injected failure") }
        return try await inner.uploadPart(key: key, uploadID: uploadID, partNumber: partNumber, body: body)
    }

    func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws {
        try await inner.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
    }

    func abortMultipartUpload(key: String, uploadID: String) async throws {
        try await inner.abortMultipartUpload(key: key, uploadID: uploadID)
    }

    func listParts(key: String, uploadID: String) async throws -> [StoredPart] {
        try await inner.listParts(key: key, uploadID: uploadID)
    }

    func headObject(key: String) async throws -> ObjectMetadata? { try await inner.headObject(key: key) }

    func getObject(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload {
        try await inner.getObject(key: key, range: range)
    }

    func deleteObject(key: String) async throws { try await inner.deleteObject(key: key) }

    func checkReadiness() async throws { try await inner.checkReadiness() }

    func read(_ key: String) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in try await inner.getObject(key: key, range: nil).body {
            bytes += Array(buffer.readableBytesView)
        }
        return bytes
    }

    /// Files left anywhere under the root (parts of unfinished multipart uploads included).
    func leftoverFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        return (enumerator?.allObjects as? [URL] ?? []).filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }.map(\.lastPathComponent)
    }
}

@Suite("ObjectUploadStream")
struct ObjectUploadStreamTests {
    static let partSize = 5 * 1024 * 1024

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var offset = 0
            while offset < count {
                var word = generator.next()
                let n = min(8, count - offset)
                withUnsafeBytes(of: &word) { raw in
                    for i in 0..<n { buffer[offset + i] = raw[i] }
                }
                offset += n
            }
            initialized = count
        }
    }

    static func write(_ bytes: [UInt8], to stream: ObjectUploadStream, chunk: Int = 64 * 1024) async throws {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            try await stream.write(ByteBuffer(bytes: bytes[offset..<end]))
            offset = end
        }
    }

    @Test("sizes around the part size arrive byte-identical", arguments: [0, 1, partSize - 1, partSize, partSize + 1, 3 * partSize + 7])
    func sizes(size: Int) async throws {
        let store = try ObservedStore()
        let budget = BufferBudget(capacity: 64 * 1024 * 1024)
        let recorded = RecordedUploadID()
        let stream = ObjectUploadStream(
            store: store, key: "u/f/file.bin", contentType: "application/octet-stream",
            partSize: Self.partSize, maximumPartsInFlight: 2, budget: budget,
            onMultipartUploadCreated: { await recorded.set($0) })
        let bytes = Self.randomBytes(size)
        try await Self.write(bytes, to: stream)
        let result = try await stream.finish()

        #expect(result.size == Int64(size))
        #expect(try await store.read("u/f/file.bin") == bytes)
        let expectedParts = size <= Self.partSize ? 0 : (size + Self.partSize - 1) / Self.partSize
        #expect(result.partCount == expectedParts)
        #expect(store.puts == (expectedParts == 0 ? 1 : 0))
        #expect((await recorded.value != nil) == (expectedParts > 0))
        try await Task.sleep(for: .milliseconds(20))
        #expect(await budget.availableBytes == 64 * 1024 * 1024)
    }

    @Test("the SHA-256 computed on the side matches the bytes", arguments: [0, 1, partSize, 3 * partSize + 7])
    func sha256(size: Int) async throws {
        let store = try ObservedStore()
        let stream = ObjectUploadStream(
            store: store, key: "k", contentType: nil, partSize: Self.partSize, maximumPartsInFlight: 2,
            budget: BufferBudget(capacity: 64 * 1024 * 1024), computesSHA256: true)
        let bytes = Self.randomBytes(size)
        try await Self.write(bytes, to: stream, chunk: 1000)
        let result = try await stream.finish()
        #expect(result.sha256 == SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined())
        #expect(try await store.read("k") == bytes)
    }

    @Test func noDigestUnlessAskedFor() async throws {
        let stream = ObjectUploadStream(
            store: try ObservedStore(), key: "k", contentType: nil, partSize: Self.partSize, maximumPartsInFlight: 2,
            budget: BufferBudget(capacity: 64 * 1024 * 1024))
        try await Self.write(Self.randomBytes(10), to: stream)
        #expect(try await stream.finish().sha256 == nil)
    }

    @Test func partsInFlightAreBounded() async throws {
        let store = try ObservedStore()
        let stream = ObjectUploadStream(
            store: store, key: "k", contentType: nil, partSize: Self.partSize, maximumPartsInFlight: 2,
            budget: BufferBudget(capacity: 64 * 1024 * 1024))
        try await Self.write(Self.randomBytes(6 * Self.partSize + 1), to: stream, chunk: 1024 * 1024)
        _ = try await stream.finish()
        #expect(store.partsStarted == 7)
        #expect(store.maximumPartsInFlight <= 2)
    }

    @Test func aSmallBudgetMakesUploadsWaitInsteadOfGrowing() async throws {
        let store = try ObservedStore()
        // Room for two part buffers: however many parts may be in flight, at most two exist at once.
        let budget = BufferBudget(capacity: 2 * Self.partSize)
        let stream = ObjectUploadStream(
            store: store, key: "k", contentType: nil, partSize: Self.partSize, maximumPartsInFlight: 8, budget: budget)
        let bytes = Self.randomBytes(5 * Self.partSize)
        try await Self.write(bytes, to: stream, chunk: 1024 * 1024)
        _ = try await stream.finish()
        #expect(store.maximumPartsInFlight <= 2)
        #expect(try await store.read("k") == bytes)
    }

    @Test func aFailedPartAbortsTheUploadAndLeavesNothing() async throws {
        let store = try ObservedStore()
        store.failPartNumber = 2
        let budget = BufferBudget(capacity: 64 * 1024 * 1024)
        let stream = ObjectUploadStream(
            store: store, key: "k", contentType: nil, partSize: Self.partSize, maximumPartsInFlight: 1, budget: budget)
        await #expect(throws: (any Error).self) {
            try await Self.write(Self.randomBytes(4 * Self.partSize), to: stream, chunk: 1024 * 1024)
            _ = try await stream.finish()
        }
        await stream.abort(logger: Logger(label: "test"))
        #expect(try await store.headObject(key: "k") == nil)
        #expect(store.leftoverFiles().isEmpty)
        try await Task.sleep(for: .milliseconds(50))
        #expect(await budget.availableBytes == 64 * 1024 * 1024)
    }
}

actor RecordedUploadID {
    var value: String?
    func set(_ value: String) { self.value = value }
}
