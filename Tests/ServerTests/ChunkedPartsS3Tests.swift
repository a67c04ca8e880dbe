import Crypto
import Database
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Storage
import TestSupport
import Testing
import Uploads

/// Chunks of at least 5 MiB go straight into the session's multipart upload (RGW, PostgreSQL). The
/// harness's part size is 5 MiB: pieces of 5 MiB go out once 5 MiB more arrived behind them.
@Suite("Chunks as S3 parts against PostgreSQL and RGW", .enabled(if: TestServices.postgresAndRGWAvailable))
struct ChunkedPartsS3Tests {
    static let mebibyte = 1024 * 1024
    typealias Routes = ChunkedUploadRoutesTests

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Completes the session and checks the answer, the stored bytes and that nothing else is left in
    /// the bucket. Returns the file's id.
    static func completeAndVerify(
        _ harness: ChunkedS3Harness, _ client: any TestClientProtocol, token: String, session: String, chunks: [[UInt8]]
    ) async throws -> String {
        let (status, envelope) = try await Routes.complete(client, token: token, session: session, total: chunks.count)
        #expect(status == .ok, "\(envelope)")
        let data = try #require(envelope["data"] as? [String: Any])
        let fileID = try #require(data["file_id"] as? String)
        let whole = chunks.flatMap { $0 }
        #expect(data["file_size"] as? Int == whole.count)
        #expect(data["sha256"] as? String == sha256(whole))
        try await client.execute(uri: "/files/\(fileID)/content", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == whole.count)
            #expect(Self.sha256(Array(response.body.readableBytesView)) == sha256(whole), "stored bytes differ")
        }
        let path = try #require(data["file_path_on_upload_service"] as? String)
        #expect(try await harness.objectKeys() == [path], "only the file is left")
        #expect(try await harness.multipartUploads().isEmpty, "no multipart upload is left")
        return fileID
    }

    @Test func regularLayoutCompletesTheSessionsMultipartUploadInPlace() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let chunks = [6 * Self.mebibyte, 12 * Self.mebibyte, 1].map(FileRoutesTests.randomBytes)
            let session = try await Routes.start(client, token: alice, fileName: "talk.mp3")
            for index in [2, 1, 0] {
                #expect(try await Routes.sendChunk(client, token: alice, session: session, index: index, bytes: chunks[index]) == .ok)
            }
            // Only the 1-byte chunk waits in a temporary object; the others are part 1 and parts 11-12.
            #expect(try await harness.objectKeys(prefix: ".tmp/").count == 1)
            let uploads = try await harness.multipartUploads()
            #expect(uploads.map(\.key) == ["alice/\(session)/talk.mp3"])
            let parts = try await harness.parts(of: try #require(uploads.first))
            #expect(parts.map(\.partNumber) == [1, 11, 12])
            #expect(parts.map(\.size) == [6, 5, 7].map { Int64($0 * Self.mebibyte) })

            let fileID = try await Self.completeAndVerify(harness, client, token: alice, session: session, chunks: chunks)
            // Completed in place: the file is the session's multipart upload, under the session's id.
            #expect(fileID == session)
        }
    }

    @Test func smallChunkBetweenPartsIsAssembledByteForByte() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            // Chunk 3 (22 MiB) is three 5 MiB pieces, then the 7 MiB left (less than a piece + 5 MiB).
            let sizes = [6 * Self.mebibyte, 1, 7 * Self.mebibyte + 3, 22 * Self.mebibyte, 3]
            let chunks = sizes.map(FileRoutesTests.randomBytes)
            let session = try await Routes.start(client, token: alice, fileName: "a.bin")
            for index in [4, 3, 1, 0, 2] {
                #expect(try await Routes.sendChunk(client, token: alice, session: session, index: index, bytes: chunks[index]) == .ok)
            }
            #expect(try await harness.objectKeys(prefix: ".tmp/").count == 2)
            let parts = try await harness.parts(of: try #require(try await harness.multipartUploads().first))
            #expect(parts.map(\.partNumber) == [1, 21, 31, 32, 33, 34])
            let mebibyte = Self.mebibyte
            #expect(
                parts.map(\.size)
                    == [6 * mebibyte, 7 * mebibyte + 3, 5 * mebibyte, 5 * mebibyte, 5 * mebibyte, 7 * mebibyte].map(Int64.init))

            let fileID = try await Self.completeAndVerify(harness, client, token: alice, session: session, chunks: chunks)
            #expect(fileID != session, "streamed into a new file")
        }
    }

    @Test func resentChunksReplaceEarlierOnesOfEitherKind() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Routes.start(client, token: alice, fileName: "a.bin")
            let send = { (index: Int, bytes: [UInt8]) async throws in
                #expect(try await Routes.sendChunk(client, token: alice, session: session, index: index, bytes: bytes) == .ok)
            }
            // Chunk 0: 22 MiB as parts 1-4, then 6 MiB as part 1 (parts 2-4 are no longer listed).
            try await send(0, FileRoutesTests.randomBytes(22 * Self.mebibyte))
            let first = FileRoutesTests.randomBytes(6 * Self.mebibyte)
            try await send(0, first)
            // Chunk 1: parts, then a small temporary object.
            try await send(1, FileRoutesTests.randomBytes(8 * Self.mebibyte))
            let second = FileRoutesTests.randomBytes(100)
            try await send(1, second)
            // Chunk 2: a temporary object, then parts (the object is removed at once).
            try await send(2, FileRoutesTests.randomBytes(50))
            #expect(try await harness.objectKeys(prefix: ".tmp/").count == 2)
            let third = FileRoutesTests.randomBytes(5 * Self.mebibyte)
            try await send(2, third)
            #expect(try await harness.objectKeys(prefix: ".tmp/").count == 1)

            _ = try await Self.completeAndVerify(harness, client, token: alice, session: session, chunks: [first, second, third])
        }
    }

    @Test func aShorterResendLeavesUnlistedPartsThatAreLeftOut() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Routes.start(client, token: alice, fileName: "a.bin")
            // Chunk 0 first as parts 1-4, then as part 1 only: parts 2-4 stay stored but unlisted
            // (RGW refuses to complete without it, so the file is made from the listed ranges).
            #expect(
                try await Routes.sendChunk(
                    client, token: alice, session: session, index: 0, bytes: FileRoutesTests.randomBytes(22 * Self.mebibyte)) == .ok)
            let chunks = [FileRoutesTests.randomBytes(6 * Self.mebibyte), FileRoutesTests.randomBytes(1)]
            for (index, bytes) in chunks.enumerated() {
                #expect(try await Routes.sendChunk(client, token: alice, session: session, index: index, bytes: bytes) == .ok)
            }
            let parts = try await harness.parts(of: try #require(try await harness.multipartUploads().first))
            #expect(parts.map(\.partNumber) == [1, 2, 3, 4])
            _ = try await Self.completeAndVerify(harness, client, token: alice, session: session, chunks: chunks)
        }
    }

    @Test func aResendCutOffAfterSendingPartsMakesTheChunkMissing() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Routes.start(client, token: alice, fileName: "a.bin")
            #expect(
                try await Routes.sendChunk(
                    client, token: alice, session: session, index: 0, bytes: FileRoutesTests.randomBytes(22 * Self.mebibyte)) == .ok)
            let last = FileRoutesTests.randomBytes(1)
            #expect(try await Routes.sendChunk(client, token: alice, session: session, index: 1, bytes: last) == .ok)

            // Chunk 0 again, cut off after about 15 MiB: a 5 MiB piece went out as part 1, over the
            // recorded chunk's part 1.
            var form = MultipartBody()
            form.addField(name: "upload_session_id", value: session)
            form.addField(name: "chunk_index", value: "0")
            form.addFile(name: "chunk", fileName: "blob", bytes: FileRoutesTests.randomBytes(22 * Self.mebibyte))
            let body = form.buffer
            let cutOff = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
                var sent = body.getSlice(at: 0, length: 15 * Self.mebibyte)!
                while sent.readableBytes > 0 { continuation.yield(sent.readSlice(length: min(sent.readableBytes, 64 * 1024))!) }
                continuation.finish(throwing: CancellationError())
            }
            try await harness.withService { service in
                await #expect(throws: (any Error).self) {
                    _ = try await service.receiveChunk(
                        userID: "alice", contentType: MultipartBody.contentType, contentLength: Int64(body.readableBytes), body: cutOff)
                }
            }
            let (status, problem) = try await Routes.complete(client, token: alice, session: session, total: 2)
            #expect(status == .unprocessableContent)
            #expect(problem["missing_chunks"] as? [Int] == [0])

            let first = FileRoutesTests.randomBytes(6 * Self.mebibyte)
            #expect(try await Routes.sendChunk(client, token: alice, session: session, index: 0, bytes: first) == .ok)
            _ = try await Self.completeAndVerify(harness, client, token: alice, session: session, chunks: [first, last])
        }
    }

    @Test func partsUsedUpByAFailedCompleteMustBeSentAgain() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Routes.start(client, token: alice, fileName: "a.bin")
            let chunks = [FileRoutesTests.randomBytes(6 * Self.mebibyte), FileRoutesTests.randomBytes(1)]
            for (index, bytes) in chunks.enumerated() {
                #expect(try await Routes.sendChunk(client, token: alice, session: session, index: index, bytes: bytes) == .ok)
            }
            // The multipart upload completes in place, then reading the file back fails.
            try await harness.withService(failingReads: "alice/\(session)/a.bin") { service in
                await #expect(throws: FailingReads.InjectedFailure.self) {
                    _ = try await service.complete(
                        userID: "alice", sessionID: try #require(UUID(uuidString: session)), totalChunks: 2, mainServiceFileID: nil)
                }
            }
            #expect(try await harness.objectKeys(prefix: "alice/").isEmpty, "the half-made file is removed")
            #expect(try await harness.multipartUploads().isEmpty)
            #expect(try await harness.database.uploadCount() == 0)
            let (status, problem) = try await Routes.complete(client, token: alice, session: session, total: 2)
            #expect(status == .unprocessableContent)
            #expect(problem["missing_chunks"] as? [Int] == [0])

            #expect(try await Routes.sendChunk(client, token: alice, session: session, index: 0, bytes: chunks[0]) == .ok)
            _ = try await Self.completeAndVerify(harness, client, token: alice, session: session, chunks: chunks)
        }
    }

    @Test func partsThatNoLongerMatchTheirChunkMakeItMissing() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Routes.start(client, token: alice, fileName: "a.bin")
            let chunks = [FileRoutesTests.randomBytes(6 * Self.mebibyte), FileRoutesTests.randomBytes(6 * Self.mebibyte)]
            for (index, bytes) in chunks.enumerated() {
                #expect(try await Routes.sendChunk(client, token: alice, session: session, index: index, bytes: bytes) == .ok)
            }
            // As if two sends of chunk 1 had raced: the part stored is not the one recorded.
            try await ScratchDatabase.execute(
                #"UPDATE chunked_upload_chunks SET parts = '11:"0123456789abcdef0123456789abcdef"' WHERE chunk_index = 1"#,
                on: harness.database.url)
            try await ScratchDatabase.execute("UPDATE chunked_upload_sessions SET stale_parts = true", on: harness.database.url)
            let (status, problem) = try await Routes.complete(client, token: alice, session: session, total: 2)
            #expect(status == .unprocessableContent)
            #expect(problem["missing_chunks"] as? [Int] == [1])

            #expect(try await Routes.sendChunk(client, token: alice, session: session, index: 1, bytes: chunks[1]) == .ok)
            _ = try await Self.completeAndVerify(harness, client, token: alice, session: session, chunks: chunks)
        }
    }

    @Test func lastChunkMakesARegularLayoutAfterAllParts() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let chunks = [FileRoutesTests.randomBytes(22 * Self.mebibyte)]
            let session = try await Routes.start(client, token: alice, fileName: "one.bin")
            #expect(try await Routes.sendChunk(client, token: alice, session: session, index: 0, bytes: chunks[0]) == .ok)
            #expect(try await harness.objectKeys(prefix: ".tmp/").isEmpty)
            let fileID = try await Self.completeAndVerify(harness, client, token: alice, session: session, chunks: chunks)
            #expect(fileID == session)
        }
    }

    @Test func deletingASessionAbortsItsMultipartUpload() async throws {
        try await ChunkedS3Harness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Routes.start(client, token: alice, fileName: "a.bin")
            #expect(
                try await Routes.sendChunk(
                    client, token: alice, session: session, index: 0, bytes: FileRoutesTests.randomBytes(6 * Self.mebibyte)) == .ok)
            #expect(try await Routes.sendChunk(client, token: alice, session: session, index: 1, bytes: [1]) == .ok)
            #expect(try await harness.multipartUploads().count == 1)
            try await client.execute(
                uri: "/upload/file", method: .delete, headers: [.authorization: "Bearer \(alice)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"upload_session_id": "\#(session)"}"#)
            ) { response in #expect(response.status == .ok) }
            #expect(try await harness.multipartUploads().isEmpty)
            #expect(try await harness.objectKeys().isEmpty)
        }
    }

    @Test func abandonedSessionsLoseTheirMultipartUpload() async throws {
        try await ChunkedS3Harness.run(configure: { configuration in
            // The session is aged below rather than waited for, so that slow sends on a loaded machine
            // cannot let it expire early.
            configuration.directUploads.jobs.chunkedSessionIdleAge = 3600
            configuration.directUploads.jobs.reaperInterval = 0.5
        }) { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let big = FileRoutesTests.randomBytes(6 * Self.mebibyte)
            let session = try await Routes.start(client, token: alice, fileName: "a.bin")
            #expect(try await Routes.sendChunk(client, token: alice, session: session, index: 0, bytes: big) == .ok)
            #expect(try await Routes.sendChunk(client, token: alice, session: session, index: 1, bytes: [1]) == .ok)
            #expect(try await harness.multipartUploads().count == 1, "not reaped while in use")
            try await ScratchDatabase.execute(
                "UPDATE chunked_upload_sessions SET updated_at = now() - interval '2 hours'", on: harness.database.url)
            let deadline = Date().addingTimeInterval(40)
            while Date() < deadline {
                let uploads = try await harness.multipartUploads()
                let objects = try await harness.objectKeys()
                if uploads.isEmpty && objects.isEmpty { break }
                try await Task.sleep(nanoseconds: 200_000_000)
            }
            #expect(try await harness.multipartUploads().isEmpty)
            #expect(try await harness.objectKeys().isEmpty)
            #expect(try await Routes.complete(client, token: alice, session: session, total: 2).0 == .notFound)
        }
    }
}
