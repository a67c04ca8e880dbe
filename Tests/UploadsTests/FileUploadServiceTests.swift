import Crypto
import Database
import Foundation
import Logging
import NIOCore
import Storage
import Testing

@testable import Uploads

/// `POST /upload`'s service on the in-memory records and a local store in a temporary folder: what it
/// records, and what it leaves behind when a form is refused.
@Suite("FileUploadService on in-memory records")
struct FileUploadServiceTests {
    static let boundary = "form-boundary-7d1"

    static func form(_ parts: [(name: String, fileName: String?, body: [UInt8])], closed: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let fileName = part.fileName { head += "; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream" }
            bytes += Array((head + "\r\n\r\n").utf8) + part.body + Array("\r\n".utf8)
        }
        if closed { bytes += Array("--\(boundary)--\r\n".utf8) }
        return bytes
    }

    static func withService<T>(_ body: (FileUploadService, InMemoryFileRecordStore, URL) async throws -> T) async throws -> T {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("upload-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let records = InMemoryFileRecordStore()
        let service = FileUploadService(
            records: FileRecords(queries: records), store: LocalStore(root: root), budget: BufferBudget(capacity: 16 * 1024 * 1024),
            settings: UploadSettings(maximumUploadBytes: 1024 * 1024, partSize: 5 * 1024 * 1024),
            logger: Logger(label: "upload-service-tests"))
        return try await body(service, records, root)
    }

    static func receive(_ service: FileUploadService, _ bytes: [UInt8]) async throws -> Upload {
        // Delivered in small pieces, as a socket would.
        let pieces = stride(from: 0, to: bytes.count, by: 1000).map { ByteBuffer(bytes: bytes[$0..<min($0 + 1000, bytes.count)]) }
        return try await service.receive(
            userID: "alice", contentType: "multipart/form-data; boundary=\(boundary)", contentLength: Int64(bytes.count),
            body: pieces.async)
    }

    static func storedFiles(under root: URL) -> [URL] {
        let all = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        return all.filter { !$0.hasDirectoryPath && (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }

    @Test func aFileIsStoredAndRecordedCompletedWithItsDigest() async throws {
        try await Self.withService { service, records, root in
            let content = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let upload = try await Self.receive(service, Self.form([("note", nil, Array("hello".utf8)), ("file", "a.bin", content)]))
            #expect(upload.status == .completed)
            #expect(upload.sizeBytes == Int64(content.count))
            #expect(upload.sha256 == SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined())
            #expect(records.upload(upload.id)?.status == .completed)
            #expect(try Data(contentsOf: root.appendingPathComponent(upload.storageKey)) == Data(content))
        }
    }

    @Test func aRefusedFormLeavesNoRowAndNoObject() async throws {
        try await Self.withService { service, records, root in
            await #expect(throws: UploadError.self) {
                _ = try await Self.receive(service, Self.form([("file", "a.bin", [1, 2, 3]), ("file2", "b.bin", [4, 5])]))
            }
            #expect(records.uploads.isEmpty)
            #expect(Self.storedFiles(under: root).isEmpty)
        }
    }

    @Test func aBodyCutShortLeavesNoRowAndNoObject() async throws {
        try await Self.withService { service, records, root in
            await #expect(throws: UploadError.self) {
                _ = try await Self.receive(service, Self.form([("file", "a.bin", Array(repeating: 7, count: 20_000))], closed: false))
            }
            #expect(records.uploads.isEmpty)
            #expect(Self.storedFiles(under: root).isEmpty)
        }
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
