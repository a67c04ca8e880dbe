import Crypto
import Foundation
import NIOCore
import Testing

@testable import Storage

@Suite struct LocalStoreTests {
    /// A store over a fresh temporary folder, removed afterwards.
    static func withStore(_ body: (LocalStore, URL) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("localstore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = LocalStore(root: root)
        try await store.checkReadiness()
        try await body(store, root)
    }

    static let mib = 1024 * 1024

    @Test func putGetHeadDelete() async throws {
        try await Self.withStore { store, root in
            let bytes = TestBytes.pattern(300_000)
            let etag = try await store.putObject(
                key: "dir/sub/file name+1.bin", body: ByteBuffer(bytes: bytes), contentType: "application/octet-stream")
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("dir/sub/file name+1.bin").path))

            let head = try #require(try await store.headObject(key: "dir/sub/file name+1.bin"))
            #expect(head.size == 300_000)
            #expect(head.etag == etag)
            #expect(head.lastModified != nil)

            let download = try await store.getObject(key: "dir/sub/file name+1.bin", range: nil)
            #expect(download.contentLength == 300_000)
            #expect(download.range == nil)
            #expect(try await TestBytes.collect(download.body) == bytes)

            try await store.deleteObject(key: "dir/sub/file name+1.bin")
            #expect(try await store.headObject(key: "dir/sub/file name+1.bin") == nil)
            try await store.deleteObject(key: "dir/sub/file name+1.bin")  // idempotent
            await #expect(throws: ObjectStoreError.notFound(key: "dir/sub/file name+1.bin")) {
                _ = try await store.getObject(key: "dir/sub/file name+1.bin", range: nil)
            }
        }
    }

    @Test func overwriteReplacesAndLeavesNoTemporaryFiles() async throws {
        try await Self.withStore { store, root in
            try await store.putObject(key: "k", body: ByteBuffer(string: "first version"), contentType: nil)
            try await store.putObject(key: "k", body: ByteBuffer(string: "second"), contentType: nil)
            let download = try await store.getObject(key: "k", range: nil)
            #expect(String(decoding: try await TestBytes.collect(download.body), as: UTF8.self) == "second")
            let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
            #expect(names == ["k"])
        }
    }

    @Test func emptyObject() async throws {
        try await Self.withStore { store, _ in
            try await store.putObject(key: "empty", body: ByteBuffer(), contentType: nil)
            #expect(try await store.headObject(key: "empty")?.size == 0)
            let download = try await store.getObject(key: "empty", range: nil)
            #expect(try await TestBytes.collect(download.body).isEmpty)
            await #expect(throws: ObjectStoreError.invalidRange) { _ = try await store.getObject(key: "empty", range: 0...0) }
        }
    }

    @Test func rangesAreInclusiveClampedAndStreamedInChunks() async throws {
        try await Self.withStore { store, _ in
            let bytes = TestBytes.pattern(3 * Self.mib + 5)
            try await store.putObject(key: "big", body: ByteBuffer(bytes: bytes), contentType: nil)

            let middle = try await store.getObject(key: "big", range: 10...19)
            #expect(middle.range == 10...19)
            #expect(middle.contentLength == 10)
            #expect(middle.metadata.size == Int64(bytes.count))
            #expect(try await TestBytes.collect(middle.body) == Array(bytes[10...19]))

            let tail = try await store.getObject(key: "big", range: Int64(bytes.count - 3)...Int64.max - 1)
            #expect(tail.range == Int64(bytes.count - 3)...Int64(bytes.count - 1))
            #expect(try await TestBytes.collect(tail.body) == Array(bytes.suffix(3)))

            let whole = try await store.getObject(key: "big", range: nil)
            let stats = try await TestBytes.chunkStats(whole.body)
            #expect(stats.total == bytes.count)
            #expect(stats.chunks > 1)
            #expect(stats.largest <= 1024 * 1024)

            await #expect(throws: ObjectStoreError.invalidRange) {
                _ = try await store.getObject(key: "big", range: Int64(bytes.count)...Int64(bytes.count + 10))
            }
        }
    }

    @Test func abandonedDownloadDoesNotLeakOrCrash() async throws {
        try await Self.withStore { store, _ in
            try await store.putObject(key: "a", body: ByteBuffer(bytes: TestBytes.pattern(2 * Self.mib)), contentType: nil)
            for _ in 0..<3 {
                let download = try await store.getObject(key: "a", range: nil)
                var iterator = download.body.makeAsyncIterator()
                #expect(try await iterator.next() != nil)
            }
            _ = try await store.getObject(key: "a", range: nil)  // never read
        }
    }

    @Test func rejectsKeysOutsideTheRoot() async throws {
        try await Self.withStore { store, _ in
            for key in ["", "/etc/passwd", "../escape", "a/../../b", "a//b", "a/./b", "trailing/", ".multipart/x"] {
                await #expect(throws: LocalStoreError.invalidKey(key), "key \(key)") {
                    try await store.putObject(key: key, body: ByteBuffer(string: "x"), contentType: nil)
                }
            }
            #expect(throws: LocalStoreError.self) { _ = try store.path(for: "..") }
        }
    }

    @Test func multipartIsInvisibleUntilCompleteAndByteIdentical() async throws {
        try await Self.withStore { store, root in
            let part1 = TestBytes.pattern(5 * Self.mib, seed: 1)
            let part2 = TestBytes.pattern(5 * Self.mib, seed: 2)
            let part3 = TestBytes.pattern(1, seed: 3)
            let uploadID = try await store.createMultipartUpload(key: "multi/obj", contentType: "video/mp4")
            // Out of order on purpose: parts are placed by number.
            let p2 = try await store.uploadPart(key: "multi/obj", uploadID: uploadID, partNumber: 2, body: ByteBuffer(bytes: part2))
            let p1 = try await store.uploadPart(key: "multi/obj", uploadID: uploadID, partNumber: 1, body: ByteBuffer(bytes: part1))
            let p3 = try await store.uploadPart(key: "multi/obj", uploadID: uploadID, partNumber: 3, body: ByteBuffer(bytes: part3))
            #expect(try await store.headObject(key: "multi/obj") == nil)
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("multi/obj").path))

            try await store.completeMultipartUpload(key: "multi/obj", uploadID: uploadID, parts: [p1, p2, p3])
            #expect(try await store.headObject(key: "multi/obj")?.size == Int64(10 * Self.mib + 1))
            let download = try await store.getObject(key: "multi/obj", range: nil)
            #expect(try await TestBytes.collect(download.body) == part1 + part2 + part3)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".multipart").path)
            #expect(leftovers.isEmpty)
            await #expect(throws: LocalStoreError.noSuchUpload(uploadID)) {
                _ = try await store.uploadPart(key: "multi/obj", uploadID: uploadID, partNumber: 4, body: ByteBuffer(string: "x"))
            }
        }
    }

    @Test func abortRemovesPartsAndIsIdempotent() async throws {
        try await Self.withStore { store, root in
            let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
            _ = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 1, body: ByteBuffer(string: "abc"))
            let folder = root.appendingPathComponent(".multipart/\(uploadID)")
            #expect(FileManager.default.fileExists(atPath: folder.path))
            try await store.abortMultipartUpload(key: "k", uploadID: uploadID)
            #expect(!FileManager.default.fileExists(atPath: folder.path))
            try await store.abortMultipartUpload(key: "k", uploadID: uploadID)
            try await store.abortMultipartUpload(key: "k", uploadID: "../../not-an-id")
            await #expect(throws: LocalStoreError.noSuchUpload(uploadID)) {
                try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [CompletedPart(partNumber: 1, etag: "x")])
            }
            #expect(try await store.headObject(key: "k") == nil)
        }
    }

    @Test func completeChecksPartsLikeS3() async throws {
        try await Self.withStore { store, _ in
            let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
            let small = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 1, body: ByteBuffer(string: "small"))
            let last = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 2, body: ByteBuffer(string: "last"))
            await #expect(throws: LocalStoreError.entityTooSmall(partNumber: 1)) {
                try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [small, last])
            }
            await #expect(throws: LocalStoreError.invalidPartOrder) {
                try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [last, small])
            }
            await #expect(throws: LocalStoreError.invalidPart(2)) {
                try await store.completeMultipartUpload(
                    key: "k", uploadID: uploadID, parts: [CompletedPart(partNumber: 2, etag: small.etag)])
            }
            await #expect(throws: LocalStoreError.invalidPart(7)) {
                try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [CompletedPart(partNumber: 7, etag: "x")])
            }
            await #expect(throws: LocalStoreError.noSuchUpload(uploadID)) {
                try await store.completeMultipartUpload(key: "other", uploadID: uploadID, parts: [last])
            }
            await #expect(throws: LocalStoreError.invalidPartNumber(10_001)) {
                _ = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 10_001, body: ByteBuffer(string: "x"))
            }
            // A single (last) part of any size completes.
            try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [last])
            let download = try await store.getObject(key: "k", range: nil)
            #expect(String(decoding: try await TestBytes.collect(download.body), as: UTF8.self) == "last")
        }
    }

    @Test func listedPartsHaveTheirSizeAndETag() async throws {
        try await Self.withStore { store, _ in
            let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
            let first = try await store.uploadPart(
                key: "k", uploadID: uploadID, partNumber: 1, body: ByteBuffer(bytes: TestBytes.pattern(5 * Self.mib, seed: 4)))
            let third = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 3, body: ByteBuffer(string: "end"))
            #expect(
                try await store.listParts(key: "k", uploadID: uploadID) == [
                    StoredPart(partNumber: 1, etag: first.etag, size: Int64(5 * Self.mib)),
                    StoredPart(partNumber: 3, etag: third.etag, size: 3),
                ])
            await #expect(throws: LocalStoreError.noSuchUpload(uploadID)) {
                _ = try await store.listParts(key: "other", uploadID: uploadID)
            }
        }
    }

    @Test func aPartSentAgainReplacesTheOneBeforeAndItsETag() async throws {
        try await Self.withStore { store, _ in
            let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
            let before = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 1, body: ByteBuffer(string: "before"))
            let after = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 1, body: ByteBuffer(string: "after"))
            await #expect(throws: LocalStoreError.invalidPart(1)) {
                try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [before])
            }
            try await store.completeMultipartUpload(
                key: "k", uploadID: uploadID, parts: [CompletedPart(partNumber: 1, etag: "\"\(after.etag.uppercased())\"")])
            let download = try await store.getObject(key: "k", range: nil)
            #expect(String(decoding: try await TestBytes.collect(download.body), as: UTF8.self) == "after")
        }
    }

    @Test func partsStoredWithoutAHeaderStillComplete() async throws {
        // Part files written before they carried their ETag: just the bytes.
        try await Self.withStore { store, root in
            let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
            let bytes = TestBytes.pattern(5 * Self.mib, seed: 5)
            try Data(bytes).write(to: root.appendingPathComponent(".multipart/\(uploadID)/1"))
            let etag = Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(
                try await store.listParts(key: "k", uploadID: uploadID) == [StoredPart(partNumber: 1, etag: etag, size: Int64(bytes.count))]
            )
            let last = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 2, body: ByteBuffer(string: "tail"))
            try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [CompletedPart(partNumber: 1, etag: etag), last])
            #expect(try Data(contentsOf: root.appendingPathComponent("k")) == Data(bytes) + Data("tail".utf8))
        }
    }

    @Test func partEtagIsItsMD5() async throws {
        try await Self.withStore { store, _ in
            let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
            let part = try await store.uploadPart(
                key: "k", uploadID: uploadID, partNumber: 1, body: ByteBuffer(string: "Welcome to Amazon S3."))
            #expect(part.etag == "d447d0e8f289f16a12ff6027ce77c258")
            try await store.abortMultipartUpload(key: "k", uploadID: uploadID)
        }
    }
}

@Suite("LocalStore streamed parts")
struct LocalStoreStreamedPartTests {
    @Test("a part whose body is shorter or longer than announced is refused and leaves no file", arguments: [99, 101])
    func lengthMismatch(actual: Int) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("local-streamed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = LocalStore(root: root)
        let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
        let body = AsyncStream<ByteBuffer> {
            $0.yield(ByteBuffer(repeating: 1, count: actual))
            $0.finish()
        }
        await #expect(throws: LocalStoreError.partLengthMismatch(1)) {
            _ = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 1, length: 100, body: body)
        }
        #expect(try await store.listParts(key: "k", uploadID: uploadID).isEmpty)
        let folder = root.appendingPathComponent(".multipart/\(uploadID)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["key"])
    }

    @Test func piecesOfAnySizeAreStoredInOrder() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("local-pieces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = LocalStore(root: root)
        let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
        // Small pieces (collected before writing), one larger than a write batch, then small ones again.
        let sizes = [1, 70_000, 3, 3 * 1024 * 1024 + 5, 2, 900_000, 600_000, 7]
        var bytes: [UInt8] = []
        var pieces: [ByteBuffer] = []
        for (index, size) in sizes.enumerated() {
            let piece = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
            bytes += piece
            pieces.append(ByteBuffer(bytes: piece))
        }
        let body = AsyncStream<ByteBuffer> { continuation in
            for piece in pieces { continuation.yield(piece) }
            continuation.finish()
        }
        let part = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 1, length: Int64(bytes.count), body: body)
        #expect(part.etag == Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [part])
        #expect(try Data(contentsOf: root.appendingPathComponent("k")) == Data(bytes))
    }

    @Test func truncateKeepsTheFirstBytes() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("local-truncate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = LocalStore(root: root)
        try await store.putObject(key: "a/b", body: ByteBuffer(bytes: Array(0..<200)), contentType: nil)
        try await store.truncateObject(key: "a/b", toSize: 17, contentType: nil)
        #expect(try await store.headObject(key: "a/b")?.size == 17)
        #expect(try Data(contentsOf: root.appendingPathComponent("a/b")) == Data(Array(0..<17)))
    }
}
