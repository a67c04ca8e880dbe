import Foundation
import NIOCore
import S3Client
import Storage
import TestSupport
import Testing

extension S3TestStore {
    /// A client that sends object data as `UNSIGNED-PAYLOAD`, so parts can be streamed.
    func unsignedClient() throws -> S3Client {
        let base = try client()
        var configuration = base.configuration
        configuration.payloadSigning = .unsigned
        return try S3Client(configuration: configuration, httpClient: .shared, logger: base.logger)
    }
}

/// `bytes` as an async sequence of `chunk`-byte buffers, as a request body arrives.
private func chunks(_ bytes: [UInt8], of chunk: Int = 64 * 1024) -> AsyncStream<ByteBuffer> {
    AsyncStream { continuation in
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            continuation.yield(ByteBuffer(bytes: bytes[start..<min(bytes.count, start + chunk)]))
        }
        continuation.finish()
    }
}

@Suite(.enabled(if: TestServices.s3Available, "neither TEST_S3_ENDPOINT nor TEST_SEAWEEDFS_ENDPOINT is set"))
struct StreamedPartIntegrationTests {
    static let mib = 1024 * 1024

    @Test(arguments: S3TestStore.configured)
    func streamedPartsMakeTheSameObject(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store, client: try store.unsignedClient()) { client, bucket in
            let s3 = S3Store(client: client, bucket: bucket)
            #expect(s3.streamsParts)
            let parts = [TestBytes.pattern(6 * Self.mib + 5, seed: 1), TestBytes.pattern(3, seed: 2)]
            let uploadID = try await s3.createMultipartUpload(key: "s/file.bin", contentType: "application/x-test")
            var completed: [CompletedPart] = []
            for (index, part) in parts.enumerated() {
                completed.append(
                    try await s3.uploadPart(
                        key: "s/file.bin", uploadID: uploadID, partNumber: index + 1,
                        length: Int64(part.count), body: chunks(part)))
            }
            try await s3.completeMultipartUpload(key: "s/file.bin", uploadID: uploadID, parts: completed)
            let download = try await s3.getObject(key: "s/file.bin", range: nil)
            #expect(try await TestBytes.collect(download.body) == parts.flatMap { $0 })
        }
    }

    @Test(arguments: S3TestStore.configured)
    func aBodyShorterThanItsLengthFailsThePart(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store, client: try store.unsignedClient()) { client, bucket in
            let s3 = S3Store(client: client, bucket: bucket)
            let uploadID = try await s3.createMultipartUpload(key: "short", contentType: nil)
            await #expect(throws: (any Error).self) {
                _ = try await s3.uploadPart(
                    key: "short", uploadID: uploadID, partNumber: 1,
                    length: Int64(Self.mib), body: chunks(TestBytes.pattern(Self.mib - 1)))
            }
            #expect(try await s3.listParts(key: "short", uploadID: uploadID).isEmpty)
            try await s3.abortMultipartUpload(key: "short", uploadID: uploadID)
        }
    }

    /// The truncation a short streamed upload ends with: the object is rebuilt from its own first bytes.
    @Test(arguments: S3TestStore.configured, [0, 1, 5 * mib + 3, 7 * mib])
    func truncateKeepsTheFirstBytesAndTheContentType(store: S3TestStore, size: Int) async throws {
        try await ScratchBucket.with(on: store, client: try store.unsignedClient()) { client, bucket in
            let s3 = S3Store(client: client, bucket: bucket)
            let bytes = TestBytes.pattern(7 * Self.mib, seed: 9)
            try await s3.putObject(key: "t/cut.bin", body: ByteBuffer(bytes: bytes), contentType: "image/png")
            try await s3.truncateObject(key: "t/cut.bin", toSize: Int64(size), contentType: "image/png")
            let head = try #require(try await s3.headObject(key: "t/cut.bin"))
            #expect(head.size == Int64(size))
            #expect(head.contentType == "image/png")
            let download = try await s3.getObject(key: "t/cut.bin", range: nil)
            #expect(try await TestBytes.collect(download.body) == Array(bytes.prefix(size)))
            #expect(try await client.listMultipartUploads(bucket: bucket).collect().isEmpty)
        }
    }
}
