import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("tus 1.0 against PostgreSQL and a local store", .enabled(if: TestServices.postgresAvailable))
struct TusRoutesTests {
    static func headers(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(token)", HTTPField.Name("Tus-Resumable")!: "1.0.0"]
        fields.append(contentsOf: extra)
        return fields
    }

    static let offsetType: HTTPFields = [.contentType: "application/offset+octet-stream"]

    static func create(_ client: any TestClientProtocol, token: String, length: Int?, metadata: String? = nil) async throws -> String {
        var extra: HTTPFields = [:]
        if let length { extra[tusField("Upload-Length")] = String(length) } else { extra[tusField("Upload-Defer-Length")] = "1" }
        if let metadata { extra[tusField("Upload-Metadata")] = metadata }
        return try await client.execute(uri: "/tus/", method: .post, headers: headers(token, extra)) { response in
            #expect(response.status == .created)
            #expect(response.headers[tusField("Upload-Expires")]?.hasSuffix("GMT") == true)
            return try #require(response.headers[.location])
        }
    }

    static func patch(
        _ client: any TestClientProtocol, token: String, location: String, offset: Int, bytes: [UInt8], extra: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, Int?) {
        var fields = offsetType
        fields[tusField("Upload-Offset")] = String(offset)
        fields.append(contentsOf: extra)
        return try await client.execute(uri: location, method: .patch, headers: headers(token, fields), body: ByteBuffer(bytes: bytes)) {
            ($0.status, $0.headers[tusField("Upload-Offset")].flatMap(Int.init))
        }
    }

    static func offset(_ client: any TestClientProtocol, token: String, location: String) async throws -> (
        HTTPResponse.Status, Int?, String?
    ) {
        try await client.execute(uri: location, method: .head, headers: headers(token)) {
            ($0.status, $0.headers[tusField("Upload-Offset")].flatMap(Int.init), $0.headers[tusField("Upload-File-Id")])
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    @Test func discoveryNeedsNoToken() async throws {
        try await ServerHarness.run { _, client in
            try await client.execute(uri: "/tus/", method: .options) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[tusField("Tus-Version")] == "1.0.0")
                let extensions = response.headers[tusField("Tus-Extension")]?.split(separator: ",").map(String.init) ?? []
                #expect(Set(extensions).isSuperset(of: ["creation", "termination", "checksum", "expiration", "creation-defer-length"]))
                #expect(response.headers[tusField("Tus-Checksum-Algorithm")] == "sha1,sha256,md5")
            }
            let token = try await ServerHarness.token(for: "alice")
            try await client.execute(
                uri: "/tus/", method: .post, headers: [.authorization: "Bearer \(token)", tusField("Upload-Length"): "1"]
            ) {
                #expect($0.status == .preconditionFailed)
                #expect($0.headers[tusField("Tus-Version")] == "1.0.0")
            }
        }
    }

    @Test func uploadInPatchesMakesTheFile() async throws {
        try await ServerHarness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let bytes = FileRoutesTests.randomBytes(12 * 1024 * 1024 + 3)
            let metadata =
                "filename \(Data("voice note.mp3".utf8).base64EncodedString()),filetype \(Data("audio/mpeg".utf8).base64EncodedString())"
            let location = try await Self.create(client, token: alice, length: bytes.count, metadata: metadata)
            var offset = 0
            for size in [3, 6 * 1024 * 1024, 1, 4 * 1024 * 1024] {
                let (status, newOffset) = try await Self.patch(
                    client, token: alice, location: location, offset: offset, bytes: Array(bytes[offset..<offset + size]))
                #expect(status == .noContent)
                offset += size
                #expect(newOffset == offset)
                #expect(try await Self.offset(client, token: alice, location: location).1 == offset)
            }
            let last = Array(bytes[offset...])
            let checksum = "sha256 " + Data(SHA256.hash(data: last)).base64EncodedString()
            #expect(
                try await Self.patch(
                    client, token: alice, location: location, offset: offset, bytes: last,
                    extra: [tusField("Upload-Checksum"): checksum]
                ).0 == .noContent)
            let (status, final, fileID) = try await Self.offset(client, token: alice, location: location)
            #expect(status == .ok)
            #expect(final == bytes.count)
            let id = try #require(fileID)
            try await client.execute(uri: location, method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                let json = try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(json["file_id"] as? String == id)
            }
            try await client.execute(uri: "/files/\(id)", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                let json = try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(json["file_name"] as? String == "voice note.mp3")
                #expect(json["content_type"] as? String == "audio/mpeg")
                #expect(json["file_size"] as? Int == bytes.count)
                #expect(json["sha256"] as? String == Self.hex(SHA256.hash(data: bytes)))
            }
            try await client.execute(uri: "/files/\(id)/content", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                #expect(Array(response.body.readableBytesView) == bytes)
            }
            #expect(harness.storedFiles().filter { $0.path.contains("/.tmp/") } == [])
            #expect(try await Self.patch(client, token: alice, location: location, offset: bytes.count, bytes: [1]).0 == .forbidden)
        }
    }

    @Test func wrongOffsetAndChecksumMoveNothing() async throws {
        try await ServerHarness.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            let location = try await Self.create(client, token: alice, length: 10)
            #expect(try await Self.patch(client, token: alice, location: location, offset: 0, bytes: [1, 2, 3]).0 == .noContent)
            #expect(try await Self.patch(client, token: alice, location: location, offset: 2, bytes: [4]).0 == .conflict)
            let wrong = "sha1 " + Data(Insecure.SHA1.hash(data: [9, 9])).base64EncodedString()
            let mismatch = try await Self.patch(
                client, token: alice, location: location, offset: 3, bytes: [4, 5],
                extra: [tusField("Upload-Checksum"): wrong])
            #expect(mismatch.0.code == 460)
            #expect(try await Self.offset(client, token: alice, location: location).1 == 3)
            let right = "md5 " + Data(Insecure.MD5.hash(data: [4, 5])).base64EncodedString()
            #expect(
                try await Self.patch(
                    client, token: alice, location: location, offset: 3, bytes: [4, 5],
                    extra: [tusField("Upload-Checksum"): right]) == (.noContent, 5))
            #expect(
                try await Self.patch(client, token: alice, location: location, offset: 5, bytes: Array(repeating: 0, count: 6)).0
                    == .contentTooLarge)
            #expect(
                try await Self.patch(
                    client, token: alice, location: location, offset: 5, bytes: [1], extra: [tusField("Upload-Checksum"): "crc32 AAAA"]
                ).0 == .badRequest)
        }
    }

    @Test func anotherUsersUploadLooksMissing() async throws {
        try await ServerHarness.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            let bob = try await ServerHarness.token(for: "bob")
            let location = try await Self.create(client, token: alice, length: 4)
            #expect(try await Self.offset(client, token: bob, location: location).0 == .notFound)
            #expect(try await Self.patch(client, token: bob, location: location, offset: 0, bytes: [1]).0 == .notFound)
            try await client.execute(uri: location, method: .delete, headers: Self.headers(bob)) { #expect($0.status == .notFound) }
            #expect(try await Self.offset(client, token: alice, location: location).1 == 0)
        }
    }

    @Test func deferredLengthWithUploadOnCreation() async throws {
        try await ServerHarness.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            var extra = Self.offsetType
            extra[tusField("Upload-Defer-Length")] = "1"
            let location = try await client.execute(
                uri: "/tus", method: .post, headers: Self.headers(alice, extra), body: ByteBuffer(bytes: [1, 2, 3])
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[tusField("Upload-Offset")] == "3")
                return try #require(response.headers[.location])
            }
            try await client.execute(uri: location, method: .head, headers: Self.headers(alice)) { response in
                #expect(response.headers[tusField("Upload-Defer-Length")] == "1")
            }
            let done = try await Self.patch(
                client, token: alice, location: location, offset: 3, bytes: [4], extra: [tusField("Upload-Length"): "4"])
            #expect(done == (.noContent, 4))
            #expect(try await Self.offset(client, token: alice, location: location).2 != nil)
        }
    }

    @Test func terminationAndExpiryRemoveEverything() async throws {
        try await ServerHarness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let big = FileRoutesTests.randomBytes(5 * 1024 * 1024 + 10)
            for terminate in [true, false] {
                let location = try await Self.create(client, token: alice, length: big.count * 2)
                #expect(try await Self.patch(client, token: alice, location: location, offset: 0, bytes: big).0 == .noContent)
                #expect(!harness.storedFiles().isEmpty)
                if terminate {
                    try await client.execute(uri: location, method: .delete, headers: Self.headers(alice)) {
                        #expect($0.status == .noContent)
                    }
                    #expect(try await Self.offset(client, token: alice, location: location).0 == .notFound)
                } else {
                    try await ScratchDatabase.execute(
                        "UPDATE tus_uploads SET expires_at = now() - interval '1 second'", on: harness.database.url)
                    #expect(try await Self.offset(client, token: alice, location: location).0 == .gone)
                    #expect(try await Self.offset(client, token: alice, location: location).0 == .notFound)
                }
                #expect(harness.storedFiles().isEmpty)
                #expect(try await harness.database.uploadCount() == 0)
            }
        }
    }
}
private func tusField(_ name: String) -> HTTPField.Name { HTTPField.Name(name)! }

@Suite("tus PATCH serialization", .enabled(if: TestServices.postgresAvailable))
struct TusConcurrencyTests {
    /// Two PATCHes at the same offset at once: the advisory lock lets one in at a time, so exactly one
    /// is applied and the other sees the moved offset (409).
    @Test func concurrentPatchesAtOneOffsetApplyOnce() async throws {
        try await ServerHarness.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            let location = try await TusRoutesTests.create(client, token: alice, length: 12 * 1024 * 1024)
            let body = FileRoutesTests.randomBytes(6 * 1024 * 1024)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await TusRoutesTests.patch(client, token: alice, location: location, offset: 0, bytes: body).0 }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.noContent, .conflict])
            #expect(try await TusRoutesTests.offset(client, token: alice, location: location).1 == body.count)
        }
    }
}
