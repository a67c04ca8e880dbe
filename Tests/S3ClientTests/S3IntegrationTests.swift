import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import S3Client
import Storage
import TestSupport
import Testing

@Suite(.enabled(if: TestServices.s3Available, "neither TEST_S3_ENDPOINT nor TEST_SEAWEEDFS_ENDPOINT is set"))
struct S3IntegrationTests {
    static let mib = 1024 * 1024

    @Test(arguments: S3TestStore.configured)
    func putGetHeadDeleteRoundTrip(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let bytes = TestBytes.pattern(200_000)
            let etag = try await client.putObject(bucket: bucket, key: "a/b.bin", body: ByteBuffer(bytes: bytes), contentType: "image/png")
            let head = try #require(try await client.headObject(bucket: bucket, key: "a/b.bin"))
            #expect(head.size == 200_000)
            #expect(head.contentType == "image/png")
            #expect(head.etag == etag)
            #expect(head.etag == Insecure_MD5.hex(bytes))
            #expect(head.lastModified.map { abs($0.timeIntervalSinceNow) < 600 } == true)

            let response = try await client.getObject(bucket: bucket, key: "a/b.bin")
            #expect(response.contentLength == 200_000)
            #expect(try await TestBytes.collect(response.body) == bytes)

            try await client.deleteObject(bucket: bucket, key: "a/b.bin")
            #expect(try await client.headObject(bucket: bucket, key: "a/b.bin") == nil)
            try await client.deleteObject(bucket: bucket, key: "a/b.bin")  // deleting nothing succeeds
        }
    }

    @Test(arguments: S3TestStore.configured)
    func emptyObject(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            try await client.putObject(bucket: bucket, key: "empty", body: ByteBuffer())
            #expect(try await client.headObject(bucket: bucket, key: "empty")?.size == 0)
            let response = try await client.getObject(bucket: bucket, key: "empty")
            #expect(try await TestBytes.collect(response.body).isEmpty)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func missingObjectIsATypedError(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            do {
                _ = try await client.getObject(bucket: bucket, key: "missing")
                Issue.record("GET of a missing key succeeded")
            } catch let error as S3Error {
                #expect(error.code == "NoSuchKey")
                #expect(error.statusCode == 404)
                #expect(error.requestID != nil)
            }
            let store = S3Store(client: client, bucket: bucket)
            await #expect(throws: ObjectStoreError.notFound(key: "missing")) { _ = try await store.getObject(key: "missing", range: nil) }
            #expect(try await store.headObject(key: "missing") == nil)
            try await store.deleteObject(key: "missing")
        }
    }

    @Test(arguments: S3TestStore.configured)
    func multipartThroughS3StoreIsByteIdentical(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let store = S3Store(client: client, bucket: bucket)
            let parts = [TestBytes.pattern(5 * Self.mib, seed: 1), TestBytes.pattern(5 * Self.mib, seed: 2), TestBytes.pattern(1, seed: 3)]
            let uploadID = try await store.createMultipartUpload(key: "big/file.bin", contentType: "application/zip")
            var completed: [CompletedPart] = []
            for (index, part) in parts.enumerated() {
                completed.append(
                    try await store.uploadPart(
                        key: "big/file.bin", uploadID: uploadID, partNumber: index + 1, body: ByteBuffer(bytes: part)))
            }
            #expect(try await store.headObject(key: "big/file.bin") == nil)
            try await store.completeMultipartUpload(key: "big/file.bin", uploadID: uploadID, parts: completed)

            let head = try #require(try await store.headObject(key: "big/file.bin"))
            #expect(head.size == Int64(10 * Self.mib + 1))
            #expect(head.etag?.hasSuffix("-3") == true)
            #expect(head.contentType == "application/zip")
            let download = try await store.getObject(key: "big/file.bin", range: nil)
            #expect(try await TestBytes.collect(download.body) == parts.flatMap { $0 })
        }
    }

    @Test(arguments: S3TestStore.configured)
    func abortDiscardsTheUpload(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let store = S3Store(client: client, bucket: bucket)
            let uploadID = try await store.createMultipartUpload(key: "k", contentType: nil)
            let part = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 1, body: ByteBuffer(string: "abc"))
            try await store.abortMultipartUpload(key: "k", uploadID: uploadID)
            try await store.abortMultipartUpload(key: "k", uploadID: uploadID)  // already gone: succeeds
            do {
                _ = try await store.uploadPart(key: "k", uploadID: uploadID, partNumber: 2, body: ByteBuffer(string: "def"))
                Issue.record("uploading a part to an aborted upload succeeded")
            } catch ObjectStoreError.failed(let reason) {
                // The store's own error names S3's answer (for the log).
                #expect(reason.hasPrefix("S3 error 404 NoSuchUpload"), "\(reason)")
            }
            // AWS answers NoSuchUpload; RGW 16 answers 500 "multipart completion is already in progress".
            await #expect(throws: ObjectStoreError.self) {
                try await store.completeMultipartUpload(key: "k", uploadID: uploadID, parts: [part])
            }
            #expect(try await store.headObject(key: "k") == nil)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func wrongSecretIsSignatureDoesNotMatch(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { _, bucket in
            let client = try store.client(secretKey: "wrong-secret-wrong-secret-wrong-secret00")
            do {
                try await client.putObject(bucket: bucket, key: "x", body: ByteBuffer(string: "x"))
                Issue.record("a request signed with a wrong secret succeeded")
            } catch let error as S3Error {
                #expect(error.code == "SignatureDoesNotMatch")
                #expect(error.statusCode == 403)
            }
            await #expect(throws: S3Error.self) { try await S3Store(client: client, bucket: bucket).checkReadiness() }
        }
    }

    @Test(arguments: S3TestStore.configured)
    func presignedPutThenGetWithPlainHTTP(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let key = "presigned/file name+1.txt"
            let putURL = try await client.presignedURL(.put, bucket: bucket, key: key, expiresIn: 300)
            var put = HTTPClientRequest(url: putURL.absoluteString)
            put.method = .PUT
            put.body = .bytes(ByteBuffer(string: "hello presigned"))
            let putResponse = try await HTTPClient.shared.execute(put, timeout: .seconds(30))
            _ = try await putResponse.body.collect(upTo: 64 * 1024)
            #expect(putResponse.status == .ok)

            let getURL = try await client.presignedURL(.get, bucket: bucket, key: key, expiresIn: 300)
            let getResponse = try await HTTPClient.shared.execute(HTTPClientRequest(url: getURL.absoluteString), timeout: .seconds(30))
            let body = try await getResponse.body.collect(upTo: 64 * 1024)
            #expect(getResponse.status == .ok)
            #expect(String(buffer: body) == "hello presigned")

            // Tampering with the signed URL is refused.
            let tampered = getURL.absoluteString.replacingOccurrences(of: "X-Amz-Expires=300", with: "X-Amz-Expires=301")
            let refused = try await HTTPClient.shared.execute(HTTPClientRequest(url: tampered), timeout: .seconds(30))
            _ = try await refused.body.collect(upTo: 64 * 1024)
            #expect(refused.status == .forbidden)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func unusualKeysRoundTrip(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let keys = ["dir/with space/ünïcødé 日本.txt", "plus+equals=tilde~percent%20.bin", "a:b@c,d;e!f'(g)*&h$.x"]
            for (index, key) in keys.enumerated() {
                try await client.putObject(bucket: bucket, key: key, body: ByteBuffer(string: "value \(index)"))
                let response = try await client.getObject(bucket: bucket, key: key)
                #expect(String(decoding: try await TestBytes.collect(response.body), as: UTF8.self) == "value \(index)")
            }
            let listed = try await client.listObjectKeys(bucket: bucket).map { Array($0.utf8) }
            #expect(Set(listed) == Set(keys.map { Array($0.utf8) }))
            #expect(try await client.headObject(bucket: bucket, key: "plus equals=tilde~percent%20.bin") == nil)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func rangeGetIsStreamed(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let bytes = TestBytes.pattern(3 * Self.mib)
            try await client.putObject(bucket: bucket, key: "r", body: ByteBuffer(bytes: bytes))
            let store = S3Store(client: client, bucket: bucket)

            let download = try await store.getObject(key: "r", range: Int64(Self.mib)...Int64(2 * Self.mib - 1))
            #expect(download.range == Int64(Self.mib)...Int64(2 * Self.mib - 1))
            #expect(download.metadata.size == Int64(bytes.count))
            #expect(download.contentLength == Int64(Self.mib))
            #expect(try await TestBytes.collect(download.body) == Array(bytes[Self.mib..<(2 * Self.mib)]))

            let whole = try await client.getObject(bucket: bucket, key: "r")
            let stats = try await TestBytes.chunkStats(whole.body)
            #expect(stats.total == bytes.count)
            #expect(stats.chunks > 1)  // arrives in pieces, not collected

            let clamped = try await store.getObject(key: "r", range: Int64(bytes.count - 2)...Int64(bytes.count + 100))
            #expect(try await TestBytes.collect(clamped.body) == Array(bytes.suffix(2)))
            await #expect(throws: ObjectStoreError.invalidRange) {
                _ = try await store.getObject(key: "r", range: Int64(bytes.count)...Int64(bytes.count + 1))
            }
        }
    }

    @Test(arguments: S3TestStore.configured)
    func readinessFollowsTheBucket(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            try await S3Store(client: client, bucket: bucket).checkReadiness()
            do {
                try await S3Store(client: client, bucket: bucket + "-missing").checkReadiness()
                Issue.record("readiness passed for a missing bucket")
            } catch let error as S3Error {
                #expect(error.statusCode == 404)
            }
        }
    }
}

/// MD5 as S3 reports it in a single-part ETag.
enum Insecure_MD5 {
    static func hex(_ bytes: [UInt8]) -> String {
        Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
