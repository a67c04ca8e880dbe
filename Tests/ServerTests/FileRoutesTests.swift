import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("File routes against PostgreSQL and a local store", .enabled(if: TestServices.postgresAvailable))
struct FileRoutesTests {
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count { withUnsafeBytes(of: generator.next()) { bytes += $0 } }
        return Array(bytes.prefix(count))
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    static func upload(_ client: any TestClientProtocol, token: String, fileName: String, bytes: [UInt8]) async throws -> [String: Any] {
        var form = MultipartBody()
        form.addField(name: "note", value: "ignored")
        form.addFile(fileName: fileName, contentType: "text/plain", bytes: bytes)
        return try await client.execute(
            uri: "/upload", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: MultipartBody.contentType], body: form.buffer
        ) { response in
            #expect(response.status == .created)
            return try json(response)
        }
    }

    @Test func uploadListDownloadAndDelete() async throws {
        try await ServerHarness.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let bytes = Self.randomBytes(6 * 1024 * 1024 + 3)  // two parts
            let uploaded = try await Self.upload(client, token: alice, fileName: "../notes €.txt", bytes: bytes)
            let id = try #require(uploaded["file_id"] as? String)
            #expect(uploaded["file_name"] as? String == "notes €.txt")
            #expect(uploaded["file_size"] as? Int == bytes.count)
            #expect(uploaded["content_type"] as? String == "text/plain")
            #expect((uploaded["sha256"] as? String)?.count == 64)

            try await client.execute(uri: "/files", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                let files = try #require(try Self.json(response)["files"] as? [[String: Any]])
                #expect(files.map { $0["file_id"] as? String } == [id])
            }
            try await client.execute(uri: "/files/\(id)/content", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == bytes)
                #expect(
                    response.headers[.contentDisposition] == #"attachment; filename="notes _.txt"; filename*=UTF-8''notes%20%E2%82%AC.txt"#)
            }
            try await client.execute(
                uri: "/files/\(id)/content", method: .get, headers: [.authorization: "Bearer \(alice)", .range: "bytes=10-19"]
            ) { response in
                #expect(response.status == .partialContent)
                #expect(Array(response.body.readableBytesView) == Array(bytes[10...19]))
                #expect(response.headers[.contentRange] == "bytes 10-19/\(bytes.count)")
            }
            try await client.execute(uri: "/files/\(id)", method: .delete, headers: [.authorization: "Bearer \(alice)"]) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/files/\(id)", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                #expect(response.status == .notFound)
            }
            #expect(harness.storedFiles().isEmpty)
            #expect(try await harness.database.uploadCount() == 0)
        }
    }

    @Test func anotherUsersFileLooksMissing() async throws {
        try await ServerHarness.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            let bob = try await ServerHarness.token(for: "bob")
            let id = try #require(
                try await Self.upload(client, token: alice, fileName: "a.txt", bytes: Array("secret".utf8))["file_id"] as? String)
            for (uri, method) in [("/files/\(id)", HTTPRequest.Method.get), ("/files/\(id)/content", .get), ("/files/\(id)", .delete)] {
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(bob)"]) { response in
                    #expect(response.status == .notFound, "\(method) \(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/files", method: .get, headers: [.authorization: "Bearer \(bob)"]) { response in
                let files = try Self.json(response)["files"] as? [Any]
                #expect(files?.isEmpty == true)
            }
            try await client.execute(uri: "/files/\(id)", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func pagesWithCursor() async throws {
        try await ServerHarness.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            var ids: [String] = []
            for index in 0..<5 {
                ids.append(
                    try #require(
                        try await Self.upload(client, token: alice, fileName: "\(index).txt", bytes: [UInt8(index)])["file_id"] as? String))
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let query = "limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                cursor = try await client.execute(uri: "/files?\(query)", method: .get, headers: [.authorization: "Bearer \(alice)"]) {
                    response in
                    let body = try Self.json(response)
                    let files = try #require(body["files"] as? [[String: Any]])
                    #expect(files.count <= 2)
                    seen += files.compactMap { $0["file_id"] as? String }
                    return body["next_cursor"] as? String
                }
            } while cursor != nil
            #expect(seen == ids.reversed())
            try await client.execute(uri: "/files?limit=0", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }
}
