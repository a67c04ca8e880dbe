import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Every refused upload answers problem+json and leaves no row and no object behind.
@Suite("Refused uploads", .enabled(if: TestServices.postgresAvailable))
struct UploadRefusalTests {
    static func expectNothingLeft(_ harness: ServerHarness) async throws {
        #expect(try await harness.database.uploadCount() == 0)
        #expect(harness.storedFiles().isEmpty)
    }

    static func expectProblem(_ response: TestResponse, status: HTTPResponse.Status, type: String) throws {
        #expect(response.status == status)
        #expect(response.headers[.contentType] == "application/problem+json")
        let body = try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        #expect(body["type"] as? String == "https://s3uploader.dev/problems/\(type)")
        #expect(body["status"] as? Int == Int(status.code))
    }

    @Test func tokensAreRequiredAndChecked() async throws {
        try await ServerHarness.run { harness, client in
            var form = MultipartBody()
            form.addFile(fileName: "a.txt", bytes: [1, 2, 3])
            let expired = try await ServerHarness.token(for: "alice", expiresIn: -3600)
            let wrongAudience = try await ServerHarness.token(for: "alice", audience: "someone-else")
            let header = #"{"alg":"none","typ":"JWT"}"#
            let payload = #"{"sub":"alice","aud":"uploads","exp":9999999999}"#
            let unsigned =
                [header, payload].map { Data($0.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "") }.joined(separator: ".")
                + "."
            for authorization in [
                nil, "Bearer", "Bearer not-a-token", "Bearer \(expired)", "Bearer \(wrongAudience)", "Bearer \(unsigned)", "Basic YTpi",
            ] {
                var headers: HTTPFields = [.contentType: MultipartBody.contentType]
                if let authorization { headers[.authorization] = authorization }
                try await client.execute(uri: "/upload", method: .post, headers: headers, body: form.buffer) { response in
                    try Self.expectProblem(response, status: .unauthorized, type: "unauthorized")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(authorization ?? "no header")")
                }
            }
            try await Self.expectNothingLeft(harness)
        }
    }

    @Test func nonMultipartBodiesAreRefused() async throws {
        try await ServerHarness.run { harness, client in
            let token = try await ServerHarness.token(for: "alice")
            try await client.execute(
                uri: "/upload", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: ByteBuffer(string: "raw")
            ) { response in
                try Self.expectProblem(response, status: .unsupportedMediaType, type: "unsupported-media-type")
            }
            try await Self.expectNothingLeft(harness)
        }
    }

    @Test func aFormWithoutFileIsRefused() async throws {
        try await ServerHarness.run { harness, client in
            let token = try await ServerHarness.token(for: "alice")
            var form = MultipartBody()
            form.addField(name: "title", value: "no file here")
            try await client.execute(
                uri: "/upload", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: MultipartBody.contentType], body: form.buffer
            ) { response in
                try Self.expectProblem(response, status: .badRequest, type: "missing-file-part")
            }
            try await Self.expectNothingLeft(harness)
        }
    }

    @Test func aTruncatedBodyIsRefused() async throws {
        try await ServerHarness.run { harness, client in
            let token = try await ServerHarness.token(for: "alice")
            var form = MultipartBody()
            form.addFile(fileName: "a.bin", bytes: [UInt8](repeating: 7, count: 6 * 1024 * 1024))
            var body = form.buffer
            body.moveWriterIndex(to: body.writerIndex - 100)
            try await client.execute(
                uri: "/upload", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: MultipartBody.contentType], body: body
            ) { response in
                try Self.expectProblem(response, status: .badRequest, type: "incomplete-body")
            }
            try await Self.expectNothingLeft(harness)
        }
    }

    @Test func aFileOverTheLimitIsRefusedWhileStreaming() async throws {
        try await ServerHarness.run(maximumUploadBytes: 6 * 1024 * 1024) { harness, client in
            let token = try await ServerHarness.token(for: "alice")
            var form = MultipartBody()
            form.addFile(fileName: "big.bin", bytes: [UInt8](repeating: 1, count: 12 * 1024 * 1024))
            try await client.execute(
                uri: "/upload", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: MultipartBody.contentType], body: form.buffer
            ) { response in
                try Self.expectProblem(response, status: .contentTooLarge, type: "payload-too-large")
            }
            try await Self.expectNothingLeft(harness)
        }
    }

    @Test func healthAndReadinessNeedNoToken() async throws {
        try await ServerHarness.run { _, client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }
}
