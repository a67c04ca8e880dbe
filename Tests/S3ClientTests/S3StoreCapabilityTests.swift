import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import S3Client
import Storage
import TestSupport
import Testing

/// `S3Store`'s capabilities beyond the common operations, against RGW: what a client does with a
/// presigned request, and the listing the reaper aborts from.
@Suite(.enabled(if: TestServices.rgwAvailable, "TEST_S3_ENDPOINT is not set"))
struct S3StoreCapabilityTests {
    static func send(_ url: String, method: HTTPMethod, headers: [String: String] = [:], body: ByteBuffer? = nil) async throws -> (
        Int, String
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers where name != "Content-Length" { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    /// The form of a presigned POST: every field, then the file.
    static func post(_ form: PresignedForm, file: [UInt8]) async throws -> Int {
        let boundary = "----s3store" + UUID().uuidString
        var body = ByteBuffer()
        for (name, value) in form.fields.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n")
        body.writeBytes(file)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await send(form.url, method: .POST, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body).0
    }

    @Test func presignedPutThenGet() async throws {
        try await ScratchBucket.with { client, bucket in
            let store = S3Store(client: client, bucket: bucket)
            let put = try await store.presignPut(key: "temp/u/f/a b.txt", size: 5, contentType: "text/plain", expiresIn: 300)
            #expect(put.headers == ["Content-Type": "text/plain", "Content-Length": "5"])
            #expect(abs(put.expiresAt.timeIntervalSinceNow - 300) < 5)
            #expect(try await Self.send(put.url, method: .PUT, headers: put.headers, body: ByteBuffer(string: "hello")).0 == 200)

            let get = try await store.presignGet(key: "temp/u/f/a b.txt", expiresIn: 300)
            let (status, body) = try await Self.send(get.url, method: .GET)
            #expect(status == 200)
            #expect(body == "hello")
        }
    }

    @Test func presignedPostPinsSizeAndType() async throws {
        try await ScratchBucket.with { client, bucket in
            let store = S3Store(client: client, bucket: bucket)
            let form = try await store.presignPost(key: "temp/u/f/a.png", size: 4, contentType: "image/png", expiresIn: 300)
            #expect(form.fields["key"] == "temp/u/f/a.png")
            #expect(form.fields["Content-Type"] == "image/png")
            #expect(try await Self.post(form, file: [1, 2, 3]) == 400, "one byte short of the grant")
            #expect(try await store.headObject(key: "temp/u/f/a.png") == nil)
            #expect((200..<300).contains(try await Self.post(form, file: [1, 2, 3, 4])))
            let head = try #require(try await store.headObject(key: "temp/u/f/a.png"))
            #expect(head.size == 4)
            #expect(head.contentType == "image/png")
        }
    }

    @Test func unfinishedUploadsAreListedByAge() async throws {
        try await ScratchBucket.with { client, bucket in
            let store = S3Store(client: client, bucket: bucket)
            let open = try await store.createMultipartUpload(key: "u/a.bin", contentType: nil)
            let aborted = try await store.createMultipartUpload(key: "u/b.bin", contentType: nil)
            try await store.abortMultipartUpload(key: "u/b.bin", uploadID: aborted)
            let listed = try await store.multipartUploads(initiatedBefore: .distantFuture)
            #expect(listed.map(\.uploadID) == [open])
            #expect(listed.first?.key == "u/a.bin")
            #expect(try await store.multipartUploads(initiatedBefore: Date().addingTimeInterval(-3600)).isEmpty)
        }
    }
}
