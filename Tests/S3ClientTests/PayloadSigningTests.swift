import Crypto
import Foundation
import Logging
import NIOCore
import TestSupport
import Testing

@testable import S3Client

/// Which bodies carry their SHA-256 in the signature, per `S3PayloadSigning`, as a recording fake S3 sees
/// them; and that RGW accepts unsigned object and part bodies.
@Suite struct PayloadSigningTests {
    private static func client(_ signing: S3PayloadSigning, endpoint: URL) throws -> S3Client {
        var configuration = S3Configuration(
            endpoint: endpoint, region: "us-east-1", forcePathStyle: true,
            credentials: S3Credentials(accessKeyID: "AKIDFAKE", secretAccessKey: "fake-secret-0123456789"))
        configuration.payloadSigning = signing
        return try S3Client(configuration: configuration, httpClient: .shared, logger: Logger(label: "payload-signing"))
    }

    /// `x-amz-content-sha256` of each request the fake received, by HTTP method and query.
    private static func payloadHashes(
        _ signing: S3PayloadSigning, _ body: (S3Client) async throws -> Void
    ) async throws -> [String] {
        let fake = RequestShapeTests.FakeS3 { request, _ in
            if request.head.method == .POST {
                return .init(
                    status: .ok,
                    body: ByteBuffer(string: "<CompleteMultipartUploadResult><ETag>\"e-1\"</ETag></CompleteMultipartUploadResult>"))
            }
            return .init(status: .ok, headers: [("etag", "\"abc\"")])
        }
        let url = try await fake.start()
        do {
            try await body(try client(signing, endpoint: url))
        } catch {
            await fake.shutdown()
            throw error
        }
        await fake.shutdown()
        return fake.requests.withLockedValue { $0.map { $0.head.headers.first(name: "x-amz-content-sha256") ?? "-" } }
    }

    private static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @Test func automaticSignsOverHTTPAndNotOverHTTPS() {
        #expect(S3PayloadSigning.automatic.signsPayload(scheme: "http"))
        #expect(!S3PayloadSigning.automatic.signsPayload(scheme: "HTTPS"))
        #expect(S3PayloadSigning.signed.signsPayload(scheme: "https"))
        #expect(!S3PayloadSigning.unsigned.signsPayload(scheme: "http"))
    }

    @Test func unsignedLeavesObjectAndPartBodiesOutOfTheSignatureOnly() async throws {
        let hashes = try await Self.payloadHashes(.unsigned) { client in
            try await client.putObject(bucket: "b", key: "k", body: ByteBuffer(string: "object"), contentType: nil)
            _ = try await client.uploadPart(bucket: "b", key: "k", uploadID: "u", partNumber: 1, body: ByteBuffer(string: "part"))
            try await client.completeMultipartUpload(bucket: "b", key: "k", uploadID: "u", parts: [.init(partNumber: 1, etag: "abc")])
        }
        #expect(hashes.count == 3)
        #expect(hashes.prefix(2) == ["UNSIGNED-PAYLOAD", "UNSIGNED-PAYLOAD"])
        // CompleteMultipartUpload's XML stays signed.
        #expect(hashes.last?.count == 64)
    }

    @Test func automaticOverHTTPSignsEveryBody() async throws {
        let hashes = try await Self.payloadHashes(.automatic) { client in
            try await client.putObject(bucket: "b", key: "k", body: ByteBuffer(string: "object"), contentType: nil)
            _ = try await client.uploadPart(bucket: "b", key: "k", uploadID: "u", partNumber: 1, body: ByteBuffer(string: "part"))
        }
        #expect(hashes == [Self.sha256Hex("object"), Self.sha256Hex("part")])
    }

    @Test(.enabled(if: TestServices.rgwAvailable, "TEST_S3_ENDPOINT is not set"))
    func rgwAcceptsUnsignedObjectsAndParts() async throws {
        let base = try S3TestStore.rgw.client()
        var configuration = base.configuration
        configuration.payloadSigning = .unsigned
        let client = try S3Client(configuration: configuration, httpClient: .shared, logger: base.logger)
        try await ScratchBucket.with(on: .rgw, client: client) { client, bucket in
            try await client.putObject(bucket: bucket, key: "small", body: ByteBuffer(string: "unsigned body"), contentType: nil)
            let small = try await client.getObject(bucket: bucket, key: "small")
            #expect(String(decoding: try await TestBytes.collect(small.body), as: UTF8.self) == "unsigned body")

            let part = ByteBuffer(bytes: (0..<(5 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let uploadID = try await client.createMultipartUpload(bucket: bucket, key: "large")
            let first = try await client.uploadPart(bucket: bucket, key: "large", uploadID: uploadID, partNumber: 1, body: part)
            let second = try await client.uploadPart(
                bucket: bucket, key: "large", uploadID: uploadID, partNumber: 2, body: ByteBuffer(string: "tail"))
            try await client.completeMultipartUpload(
                bucket: bucket, key: "large", uploadID: uploadID,
                parts: [
                    .init(partNumber: 1, etag: first), .init(partNumber: 2, etag: second),
                ])
            #expect(try await client.headObject(bucket: bucket, key: "large")?.size == Int64(part.readableBytes + 4))
        }
    }
}
