import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

@Suite("Presigned direct uploads on the local backend", .enabled(if: TestServices.postgresAvailable))
struct DirectUploadRoutesTests {
    typealias H = DirectUploadHarness

    static func presign(
        _ client: any TestClientProtocol, token: String, name: String = "report", ext: String = ".txt", len: Int,
        type: String = "text/plain", method: String? = nil
    ) async throws -> [String: Any] {
        try await client.execute(
            uri: "/upload" + (method.map { "?method=\($0)" } ?? ""), method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: try H.jsonBody(["file_name": name, "extension": ext, "len": len, "type": type])
        ) { response in
            #expect(response.status == .created, "\(String(buffer: response.body))")
            return try H.json(response)
        }
    }

    /// Sends the bytes the way a browser sends a presigned POST form.
    static func postForm(_ client: any TestClientProtocol, grant: [String: Any], bytes: [UInt8], type: String = "text/plain") async throws
        -> HTTPResponse.Status
    {
        var form = MultipartBody()
        for (name, value) in try #require(grant["fields"] as? [String: String]).sorted(by: { $0.key < $1.key }) {
            form.addField(name: name, value: value)
        }
        form.addFile(fileName: "whatever.txt", contentType: type, bytes: bytes)
        return try await client.execute(
            uri: try H.path(of: try #require(grant["url"] as? String)), method: .post,
            headers: [.contentType: MultipartBody.contentType], body: form.buffer
        ) { $0.status }
    }

    static func confirm(_ client: any TestClientProtocol, token: String, id: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(
            uri: "/confirm-upload", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: try H.jsonBody(["file_id": id])
        ) { response in (response.status, try H.json(response)) }
    }

    static func status(_ client: any TestClientProtocol, token: String, id: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: "/consult-status?file_id=\(id)", method: .get, headers: [.authorization: "Bearer \(token)"]) {
            response in
            (response.status, try H.json(response))
        }
    }

    static func waitForStatus(_ client: any TestClientProtocol, token: String, id: String, _ wanted: String) async throws -> [String: Any] {
        for _ in 0..<200 {
            let (_, body) = try await status(client, token: token, id: id)
            if body["status"] as? String == wanted { return body }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        Issue.record("status never became \(wanted)")
        return try await status(client, token: token, id: id).1
    }

    @Test func presignUploadConfirmAndProcess() async throws {
        try await H.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let bytes = Array("hello, direct upload\n".utf8)
            let grant = try await Self.presign(client, token: alice, name: "report", len: bytes.count)
            let id = try #require(grant["file_id"] as? String)
            #expect(grant["file_name"] as? String == "report.txt")
            let fields = try #require(grant["fields"] as? [String: String])
            #expect(fields["key"] == "temp/alice/\(id)/report.txt")
            #expect(grant["expires_at"] as? String != nil)
            #expect(try await Self.status(client, token: alice, id: id).1["status"] as? String == "pending")

            #expect(try await Self.postForm(client, grant: grant, bytes: bytes) == .noContent)
            let (code, confirmed) = try await Self.confirm(client, token: alice, id: id)
            #expect(code == .accepted)
            #expect(confirmed["status"] as? String == "uploaded")

            let final = try await Self.waitForStatus(client, token: alice, id: id, "completed")
            #expect(final["details"] is NSNull)
            let stored = harness.storageRoot.appendingPathComponent("dest/alice/\(id)/report.txt")
            #expect(try Data(contentsOf: stored) == Data(bytes))
            #expect(!FileManager.default.fileExists(atPath: harness.storageRoot.appendingPathComponent("temp/alice/\(id)/report.txt").path))
            // The processed file is a regular file of the user now.
            try await client.execute(uri: "/files/\(id)/content", method: .get, headers: [.authorization: "Bearer \(alice)"]) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == bytes)
            }
            // Idempotent: confirming again answers the current status and queues nothing.
            let (again, body) = try await Self.confirm(client, token: alice, id: id)
            #expect(again == .accepted)
            #expect(body["status"] as? String == "completed")
        }
    }

    @Test func presignedPutVariant() async throws {
        try await H.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            let bytes = [UInt8](repeating: 7, count: 1000)
            let grant = try await Self.presign(
                client, token: alice, name: "blob.bin", ext: "bin", len: bytes.count,
                type: "application/octet-stream", method: "put")
            let id = try #require(grant["file_id"] as? String)
            let headers = try #require(grant["headers"] as? [String: String])
            #expect(headers["Content-Type"] == "application/octet-stream")
            let path = try H.path(of: try #require(grant["url"] as? String))
            // A body of another size is refused by the endpoint.
            try await client.execute(
                uri: path, method: .put, headers: [.contentType: "application/octet-stream"],
                body: ByteBuffer(bytes: bytes + [1])
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: path, method: .put, headers: [.contentType: "application/octet-stream"],
                body: ByteBuffer(bytes: bytes)
            ) { #expect($0.status == .noContent) }
            #expect(try await Self.confirm(client, token: alice, id: id).0 == .accepted)
            _ = try await Self.waitForStatus(client, token: alice, id: id, "completed")
        }
    }

    @Test func objectsEndpointEnforcesTheGrant() async throws {
        try await H.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let grant = try await Self.presign(client, token: alice, len: 10)
            #expect(try await Self.postForm(client, grant: grant, bytes: Array("0123456789A".utf8)) == .badRequest)
            #expect(try await Self.postForm(client, grant: grant, bytes: Array("012345678".utf8)) == .badRequest)
            var tampered = grant
            var fields = try #require(grant["fields"] as? [String: String])
            fields["key"] = "temp/alice/other/report.txt"
            tampered["fields"] = fields
            #expect(try await Self.postForm(client, grant: tampered, bytes: Array("0123456789".utf8)) == .forbidden)
            #expect(harness.storedFiles().isEmpty, "nothing stored by refused uploads")
        }
    }

    @Test func objectsEndpointServesPresignedDownloads() async throws {
        let secret = "shared-local-signing-secret-0123456789"
        try await H.run(configure: { $0.directUploads.localSigningSecret = secret }) { harness, client in
            let key = "dest/alice/f/report.txt"
            let file = harness.storageRoot.appendingPathComponent(key)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("the report".utf8).write(to: file)
            // Another server sharing the disk and the key presigns; this one serves the grant.
            var store = LocalStore(root: harness.storageRoot)
            store.endpoint = LocalObjectEndpoint(baseURL: "http://uploads.test", secret: Array(secret.utf8))
            let grant = try await store.presignGet(key: key, expiresIn: 60)
            let path = try H.path(of: grant.url)
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "the report")
            }
            try await client.execute(uri: path.replacingOccurrences(of: "report.txt", with: "other.txt"), method: .get) { response in
                #expect(response.status == .forbidden, "a grant is for its key only")
            }
        }
    }

    @Test func confirmBeforeUploadAndWrongSize() async throws {
        try await H.run { harness, client in
            let alice = try await ServerHarness.token(for: "alice")
            let grant = try await Self.presign(client, token: alice, len: 10)
            let id = try #require(grant["file_id"] as? String)
            let (early, problem) = try await Self.confirm(client, token: alice, id: id)
            #expect(early == .conflict)
            #expect(problem["type"] as? String == "https://s3uploader.dev/problems/upload-not-received")

            // An object of the wrong size (as a presigned PUT to S3 could leave) is refused and deleted.
            let key = try #require((grant["fields"] as? [String: String])?["key"])
            let file = harness.storageRoot.appendingPathComponent(key)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("too short".utf8).write(to: file)
            let (wrong, mismatch) = try await Self.confirm(client, token: alice, id: id)
            #expect(wrong == .unprocessableContent)
            #expect(mismatch["type"] as? String == "https://s3uploader.dev/problems/upload-mismatch")
            #expect(!FileManager.default.fileExists(atPath: file.path))
            #expect(try await Self.status(client, token: alice, id: id).1["status"] as? String == "pending")
        }
    }

    @Test func validationOfThePresignRequest() async throws {
        try await H.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            let cases: [([String: Any], HTTPResponse.Status, String)] = [
                (["file_name": "a", "extension": "exe", "len": 1, "type": "text/plain"], .unprocessableContent, "extension-not-allowed"),
                (
                    ["file_name": "a", "extension": "txt", "len": 2 * 1024 * 1024, "type": "text/plain"], .contentTooLarge,
                    "payload-too-large"
                ),
                (["file_name": "", "extension": "txt", "len": -1, "type": "nonsense"], .unprocessableContent, "validation-failed"),
            ]
            for (body, status, type) in cases {
                try await client.execute(
                    uri: "/upload", method: .post,
                    headers: [.authorization: "Bearer \(alice)", .contentType: "application/json"],
                    body: try H.jsonBody(body)
                ) { response in
                    #expect(response.status == status, "\(body)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try H.json(response)
                    #expect(problem["type"] as? String == "https://s3uploader.dev/problems/\(type)")
                }
            }
        }
    }

    @Test func withoutAWorkerTokenTheStatusRouteSaysWhatEnablesIt() async throws {
        try await H.run(configure: { $0.directUploads.workerToken = nil }) { _, client in
            try await client.execute(
                uri: "/update-status", method: .post,
                headers: [.authorization: "Bearer anything", .contentType: "application/json"],
                body: try H.jsonBody(["file_id": UUID().uuidString, "status": "error"])
            ) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try H.json(response)
                #expect(problem["type"] as? String == "https://s3uploader.dev/problems/worker-route-disabled")
                #expect((problem["detail"] as? String)?.contains("WORKER_TOKEN") == true)
            }
        }
    }

    @Test func ownershipAndWorkerToken() async throws {
        try await H.run { _, client in
            let alice = try await ServerHarness.token(for: "alice")
            let bob = try await ServerHarness.token(for: "bob")
            let grant = try await Self.presign(client, token: alice, len: 3)
            let id = try #require(grant["file_id"] as? String)
            #expect(try await Self.confirm(client, token: bob, id: id).0 == .notFound)
            #expect(try await Self.status(client, token: bob, id: id).0 == .notFound)

            func update(_ token: String, _ body: [String: Any]) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(
                    uri: "/update-status", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: try H.jsonBody(body)
                ) { response in (response.status, try H.json(response)) }
            }
            let (userCode, _) = try await update(alice, ["file_id": id, "status": "completed"])
            #expect(userCode == .unauthorized, "a user's token never works on /update-status")
            #expect(try await update(H.workerToken, ["file_id": UUID().uuidString, "status": "processing"]).0 == .notFound)
            // pending → processing skips `uploaded`: refused.
            let (skip, problem) = try await update(H.workerToken, ["file_id": id, "status": "processing"])
            #expect(skip == .conflict)
            #expect(problem["type"] as? String == "https://s3uploader.dev/problems/status-transition-not-allowed")
            let (ok, updated) = try await update(H.workerToken, ["file_id": id, "status": "error", "details": "virus found"])
            #expect(ok == .ok)
            #expect(updated["status"] as? String == "error")
            let (_, seen) = try await Self.status(client, token: alice, id: id)
            #expect(seen["status"] as? String == "error")
            #expect(seen["details"] as? String == "virus found")
            #expect(try await update(H.workerToken, ["file_id": id, "status": "completed"]).0 == .conflict, "error is final")
        }
    }
}
