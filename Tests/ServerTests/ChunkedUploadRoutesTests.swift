import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Chunk API against PostgreSQL and a local store", .enabled(if: TestServices.postgresAvailable))
struct ChunkedUploadRoutesTests {
    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    static func start(_ client: any TestClientProtocol, token: String, fileName: String) async throws -> String {
        let body = #"{"main_service_file_id": 123, "original_file_name": "\#(fileName)"}"#
        return try await client.execute(
            uri: "/upload/init", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: body)
        ) { response in
            #expect(response.status == .created)
            let envelope = try json(response)
            #expect(envelope["status"] as? String == "success")
            let data = try #require(envelope["data"] as? [String: Any])
            return try #require(data["upload_session_id"] as? String)
        }
    }

    static func sendChunk(
        _ client: any TestClientProtocol, token: String, session: String, index: Int, bytes: [UInt8], fieldsFirst: Bool = true
    ) async throws -> HTTPResponse.Status {
        var form = MultipartBody()
        if fieldsFirst {
            form.addField(name: "upload_session_id", value: session)
            form.addField(name: "chunk_index", value: String(index))
        }
        form.addFile(name: "chunk", fileName: "blob", bytes: bytes)
        if !fieldsFirst {
            form.addField(name: "upload_session_id", value: session)
            form.addField(name: "chunk_index", value: String(index))
        }
        return try await client.execute(
            uri: "/upload/chunk", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: MultipartBody.contentType], body: form.buffer
        ) { $0.status }
    }

    static func complete(_ client: any TestClientProtocol, token: String, session: String, total: Int) async throws -> (
        HTTPResponse.Status, [String: Any]
    ) {
        let body = #"{"upload_session_id": "\#(session)", "total_chunks": \#(total)}"#
        return try await client.execute(
            uri: "/upload/complete", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: body)
        ) { response in (response.status, try json(response)) }
    }

    @Test func chunksOutOfOrderAndRetriedAssembleTheFile() async throws {
        try await ServerHarness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let sizes = [1, 3, 5 * 1024 * 1024, 17, 6 * 1024 * 1024 + 5, 1000, 2]
            let pieces = sizes.map { FileRoutesTests.randomBytes($0) }
            let session = try await Self.start(client, token: alice, fileName: "song.mp3")
            // Out of order; chunk 2 first sent with wrong bytes, then again (the retry replaces it).
            #expect(try await Self.sendChunk(client, token: alice, session: session, index: 2, bytes: [9, 9, 9]) == .ok)
            for index in [6, 0, 4, 2, 1, 5, 3] {
                let status = try await Self.sendChunk(
                    client, token: alice, session: session, index: index, bytes: pieces[index], fieldsFirst: index % 2 == 0)
                #expect(status == .ok)
            }
            let (status, envelope) = try await Self.complete(client, token: alice, session: session, total: 7)
            #expect(status == .ok)
            let data = try #require(envelope["data"] as? [String: Any])
            let fileID = try #require(data["file_id"] as? String)
            let whole = pieces.flatMap { $0 }
            #expect(data["file_path_on_upload_service"] as? String == "alice/\(fileID)/song.mp3")
            #expect(data["file_size"] as? Int == whole.count)
            #expect(data["content_type"] as? String == "audio/mpeg")
            #expect(data["sha256"] as? String == SHA256.hash(data: whole).map { String(format: "%02x", $0) }.joined())

            try await client.execute(uri: "/files/\(fileID)/content", method: .get, headers: [.authorization: "Bearer \(alice)"]) {
                response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == whole)
            }
            try await client.execute(uri: "/upload/files", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                let files = try Self.json(response)["files"] as? [String]
                #expect(files == ["alice/\(fileID)/song.mp3"])
            }
            // Only the final object is left: every temporary chunk is gone.
            #expect(harness.storedFiles().map { $0.path }.filter { $0.contains("/.tmp/") } == [])
            #expect(harness.storedFiles().count == 1)

            let again = try await Self.complete(client, token: alice, session: session, total: 7)
            #expect(again.0 == .conflict)
        }
    }

    @Test func resentPartChunksOnTheLocalStore() async throws {
        try await ServerHarness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Self.start(client, token: alice, fileName: "a.bin")
            let mebibyte = 1024 * 1024
            // Parts (5 MiB pieces here) replaced by fewer parts, and parts replaced by a small chunk.
            #expect(
                try await Self.sendChunk(
                    client, token: alice, session: session, index: 0, bytes: FileRoutesTests.randomBytes(16 * mebibyte)) == .ok)
            #expect(
                try await Self.sendChunk(client, token: alice, session: session, index: 1, bytes: FileRoutesTests.randomBytes(6 * mebibyte))
                    == .ok)
            let chunks = [
                FileRoutesTests.randomBytes(6 * mebibyte), FileRoutesTests.randomBytes(2), FileRoutesTests.randomBytes(5 * mebibyte),
            ]
            for (index, bytes) in chunks.enumerated() {
                #expect(try await Self.sendChunk(client, token: alice, session: session, index: index, bytes: bytes) == .ok)
            }
            let (status, envelope) = try await Self.complete(client, token: alice, session: session, total: chunks.count)
            #expect(status == .ok)
            let data = try #require(envelope["data"] as? [String: Any])
            let whole = chunks.flatMap { $0 }
            #expect(data["sha256"] as? String == SHA256.hash(data: whole).map { String(format: "%02x", $0) }.joined())
            let fileID = try #require(data["file_id"] as? String)
            try await client.execute(uri: "/files/\(fileID)/content", method: .get, headers: [.authorization: "Bearer \(alice)"]) {
                response in
                #expect(Array(response.body.readableBytesView) == whole)
            }
            #expect(harness.storedFiles().count == 1, "only the file is left: \(harness.storedFiles())")
        }
    }

    @Test func missingChunksAreNamed() async throws {
        try await ServerHarness.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Self.start(client, token: alice, fileName: "a.bin")
            for index in [0, 2, 4] {
                #expect(try await Self.sendChunk(client, token: alice, session: session, index: index, bytes: [UInt8(index)]) == .ok)
            }
            let (status, problem) = try await Self.complete(client, token: alice, session: session, total: 6)
            #expect(status == .unprocessableContent)
            #expect(problem["missing_chunks"] as? [Int] == [1, 3, 5])
            #expect((problem["detail"] as? String)?.contains("1, 3, 5") == true)
        }
    }

    @Test func anotherUsersSessionLooksMissing() async throws {
        try await ServerHarness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let bob = try await ServerHarness.token(for: "bob")
            let session = try await Self.start(client, token: alice, fileName: "a.bin")
            #expect(try await Self.sendChunk(client, token: bob, session: session, index: 0, bytes: [1]) == .notFound)
            #expect(try await Self.complete(client, token: bob, session: session, total: 1).0 == .notFound)
            #expect(harness.storedFiles().isEmpty)
        }
    }

    @Test func sessionLargerThanTheLimitIsRefused() async throws {
        try await ServerHarness.run(maximumUploadBytes: 10) { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Self.start(client, token: alice, fileName: "a.bin")
            #expect(try await Self.sendChunk(client, token: alice, session: session, index: 0, bytes: Array(repeating: 1, count: 6)) == .ok)
            #expect(
                try await Self.sendChunk(client, token: alice, session: session, index: 1, bytes: Array(repeating: 2, count: 6))
                    == .contentTooLarge)
            #expect(
                try await Self.sendChunk(
                    client, token: alice, session: session, index: 1, bytes: Array(repeating: 2, count: 6), fieldsFirst: false)
                    == .contentTooLarge)
            #expect(harness.storedFiles().count == 1)
        }
    }

    @Test func deleteRemovesChunksAndTheFile() async throws {
        try await ServerHarness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Self.start(client, token: alice, fileName: "a.bin")
            #expect(try await Self.sendChunk(client, token: alice, session: session, index: 0, bytes: [1, 2]) == .ok)
            #expect(try await Self.complete(client, token: alice, session: session, total: 1).0 == .ok)
            let pending = try await Self.start(client, token: alice, fileName: "b.bin")
            #expect(try await Self.sendChunk(client, token: alice, session: pending, index: 0, bytes: [3]) == .ok)
            #expect(harness.storedFiles().count == 2)
            for id in [session, pending] {
                try await client.execute(
                    uri: "/upload/file", method: .delete,
                    headers: [.authorization: "Bearer \(alice)", .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"upload_session_id": "\#(id)"}"#)
                ) { response in #expect(response.status == .ok) }
            }
            #expect(harness.storedFiles().isEmpty)
            #expect(try await harness.database.uploadCount() == 0)
        }
    }

    @Test func concurrentCompletesMakeOneFile() async throws {
        try await ServerHarness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let session = try await Self.start(client, token: alice, fileName: "a.bin")
            #expect(
                try await Self.sendChunk(
                    client, token: alice, session: session, index: 0, bytes: FileRoutesTests.randomBytes(3 * 1024 * 1024)) == .ok)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 { group.addTask { try await Self.complete(client, token: alice, session: session, total: 1).0 } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.ok, .conflict])
            #expect(try await harness.database.uploadCount() == 1)
            #expect(harness.storedFiles().count == 1)
        }
    }
}
