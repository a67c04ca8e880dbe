import AsyncHTTPClient
import Foundation
import NIOCore
import S3Client
import TestSupport
import Testing

/// Signatures as real servers judge them: unusual keys through every operation, expired presigned URLs,
/// and POST policies enforced on a real multipart/form-data upload.
@Suite(.enabled(if: TestServices.s3Available, "neither TEST_S3_ENDPOINT nor TEST_SEAWEEDFS_ENDPOINT is set"))
struct SigningIntegrationTests {
    /// Exactly 1,024 UTF-8 bytes (S3's key limit), with slashes, Unicode, spaces, `+`, `%`, `~` and `=`.
    static let longKey: String = {
        var key = "long/"
        let pieces = ["ünï cødé", "+", "%2F", "~", "=", " ", "日本", "/"]
        var index = 0
        while key.utf8.count < 1024 {
            let piece = pieces[index % pieces.count]
            index += 1
            if key.utf8.count + piece.utf8.count <= 1024 { key += piece } else { key += "x" }
        }
        return key
    }()

    static let unusualKeys = [
        "dir/with space/ünïcødé 日本.txt", "plus+sign", "percent%20not-a-space", "tilde~and=equals",
        "a%2Fb", "emoji 😀/x", "trailing space ", "control\u{01}char", longKey,
    ]

    @Test(arguments: S3TestStore.configured)
    func unusualKeysThroughEveryOperation(store: S3TestStore) async throws {
        #expect(Self.longKey.utf8.count == 1024)
        try await ScratchBucket.with(on: store) { client, bucket in
            for (index, key) in Self.unusualKeys.enumerated() {
                try await client.putObject(bucket: bucket, key: key, body: ByteBuffer(string: "value \(index)"))
            }
            let listed = try await client.listObjects(bucket: bucket, pageSize: 3).collect().map { Array($0.key.utf8) }
            #expect(Set(listed) == Set(Self.unusualKeys.map { Array($0.utf8) }))

            for (index, key) in Self.unusualKeys.enumerated() {
                let got = try await client.getObject(bucket: bucket, key: key)
                #expect(String(decoding: try await TestBytes.collect(got.body), as: UTF8.self) == "value \(index)", "\(key)")

                let copyKey = key.hasPrefix("long/") ? "copy/" + key.dropFirst(10) : "copy/" + key
                try await client.copyObject(sourceBucket: bucket, sourceKey: key, bucket: bucket, key: String(copyKey))
                #expect(try await client.headObject(bucket: bucket, key: String(copyKey))?.size == Int64("value \(index)".utf8.count))

                let url = try await client.presignedURL(.get, bucket: bucket, key: key, expiresIn: 60)
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 1 << 16)
                #expect(response.status == .ok, "presigned GET of \(key): \(String(buffer: body))")
                #expect(String(buffer: body) == "value \(index)")
            }
            let all = try await client.listObjectKeys(bucket: bucket)
            #expect(all.count == 2 * Self.unusualKeys.count)
            for key in all.prefix(3) { try await client.deleteObject(bucket: bucket, key: key) }
            #expect(try await client.deleteObjects(bucket: bucket, keys: Array(all.dropFirst(3))).isEmpty)
            #expect(try await client.listObjectKeys(bucket: bucket).isEmpty)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func presignedGetExpiresAndOverridesHeaders(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            try await client.putObject(bucket: bucket, key: "old", body: ByteBuffer(string: "x"))
            let fresh = try await client.presignedURL(.get, bucket: bucket, key: "old", expiresIn: 60)
            let expired = try await client.presignedURL(
                .get, bucket: bucket, key: "old", expiresIn: 60,
                date: Date().addingTimeInterval(-3600))
            let ok = try await HTTPClient.shared.execute(HTTPClientRequest(url: fresh.absoluteString), timeout: .seconds(30))
            _ = try await ok.body.collect(upTo: 1 << 16)
            #expect(ok.status == .ok)
            let disposition = "attachment; filename=\"r é+.txt\"; filename*=UTF-8''r%20%C3%A9%2B.txt"
            let overridden = try await client.presignedURL(
                .get, bucket: bucket, key: "old", expiresIn: 60,
                responseOverrides: ["response-content-disposition": disposition])
            let download = try await HTTPClient.shared.execute(HTTPClientRequest(url: overridden.absoluteString), timeout: .seconds(30))
            _ = try await download.body.collect(upTo: 1 << 16)
            #expect(download.status == .ok)
            #expect(download.headers.first(name: "content-disposition") == disposition)

            let refused = try await HTTPClient.shared.execute(HTTPClientRequest(url: expired.absoluteString), timeout: .seconds(30))
            let body = String(buffer: try await refused.body.collect(upTo: 1 << 16))
            #expect(refused.status == .forbidden, "\(body)")
        }
    }

    /// POSTs `file` with the form fields, as a browser would.
    static func postForm(_ post: S3PresignedPost, file: [UInt8], fileName: String = "upload.bin") async throws -> (Int, String) {
        let boundary = "----s3c" + UUID().uuidString
        var body = ByteBuffer()
        for (name, value) in post.fields.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n")
        body.writeString("Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(file)
        body.writeString("\r\n--\(boundary)--\r\n")
        var request = HTTPClientRequest(url: post.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "multipart/form-data; boundary=\(boundary)")
        request.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test(arguments: S3TestStore.configured)
    func postPolicyIsEnforced(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let post = try await client.presignedPost(
                bucket: bucket, key: "forms/${filename}", expiresIn: 300,
                fields: ["Content-Type": "image/png", "x-amz-meta-owner": "u-1"],
                conditions: [
                    .contentLengthRange(1...1000), .startsWith("Content-Type", "image/"),
                    .equals("x-amz-meta-owner", "u-1"),
                ])

            let (okStatus, okBody) = try await Self.postForm(post, file: Array(repeating: 7, count: 1000), fileName: "a b.png")
            #expect((200..<300).contains(okStatus), "\(okBody)")
            let head = try #require(try await client.headObject(bucket: bucket, key: "forms/a b.png"))
            #expect(head.size == 1000)
            #expect(head.contentType == "image/png")
            #expect(head.metadata["owner"] == "u-1")

            let (tooBig, tooBigBody) = try await Self.postForm(post, file: Array(repeating: 7, count: 1001), fileName: "big.png")
            #expect(tooBig == 400, "\(tooBigBody)")
            #expect(tooBigBody.contains("EntityTooLarge") || tooBigBody.contains("content-length"), "\(tooBigBody)")
            #expect(try await client.headObject(bucket: bucket, key: "forms/big.png") == nil)

            var tampered = post
            tampered.fields["x-amz-meta-owner"] = "u-2"
            let (forged, forgedBody) = try await Self.postForm(tampered, file: [1, 2, 3], fileName: "forged.png")
            #expect(forged == 403, "\(forgedBody)")

            var wrongKey = post
            wrongKey.fields["key"] = "elsewhere/${filename}"
            let (outside, outsideBody) = try await Self.postForm(wrongKey, file: [1, 2, 3], fileName: "x.png")
            #expect(outside == 403, "\(outsideBody)")
        }
    }
}
