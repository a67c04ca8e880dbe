import AsyncHTTPClient
import Foundation
import NIOCore
import S3Client
import TestSupport
import Testing

/// ListObjectsV2 pagination, copies, batch deletes, multipart listings, conditional GETs, metadata and
/// checksums, on every configured store.
@Suite(.enabled(if: TestServices.s3Available, "neither TEST_S3_ENDPOINT nor TEST_SEAWEEDFS_ENDPOINT is set"))
struct S3OperationsTests {
    static let mib = 1024 * 1024

    @Test(arguments: S3TestStore.configured)
    func listObjectsPaginatesInKeyOrder(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let keys = (0..<7).map { "p/\($0)-key" } + ["q/other", "p/sub/deeper"]
            for key in keys { try await client.putObject(bucket: bucket, key: key, body: ByteBuffer(string: key)) }

            let first = try await client.listObjectsV2Page(bucket: bucket, prefix: "p/", maxKeys: 3)
            #expect(first.objects.map(\.key) == ["p/0-key", "p/1-key", "p/2-key"])
            #expect(first.nextContinuationToken != nil)
            #expect(first.objects.first?.size == 7)

            let all = try await client.listObjects(bucket: bucket, prefix: "p/", pageSize: 3).collect()
            #expect(all.map(\.key) == keys.filter { $0.hasPrefix("p/") }.sorted())
            #expect(all.allSatisfy { $0.etag != nil && $0.lastModified != nil })

            let folders = try await client.listObjectsV2Page(bucket: bucket, prefix: "p/", delimiter: "/")
            #expect(folders.commonPrefixes == ["p/sub/"])
            #expect(folders.objects.count == 7)

            let after = try await client.listObjects(bucket: bucket, startAfter: "p/5-key", pageSize: 2).collect()
            #expect(after.map(\.key) == ["p/6-key", "p/sub/deeper", "q/other"])
            #expect(try await client.listObjectKeys(bucket: bucket).count == keys.count)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func metadataDispositionAndChecksumsRoundTrip(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let options = S3PutOptions(
                contentType: "text/csv", contentDisposition: "attachment; filename=\"r.csv\"", cacheControl: "max-age=60",
                metadata: ["Owner": "u-42", "purpose": "test"], checksums: [.contentMD5, .sha256])
            try await client.putObject(bucket: bucket, key: "m.csv", body: ByteBuffer(string: "a,b\n1,2\n"), options: options)
            let head = try #require(try await client.headObject(bucket: bucket, key: "m.csv"))
            #expect(head.contentType == "text/csv")
            #expect(head.contentDisposition == "attachment; filename=\"r.csv\"")
            #expect(head.metadata == ["owner": "u-42", "purpose": "test"])

            // Parts carry their own checksums, which the server verifies (values: RequestShapeTests).
            let uploadID = try await client.createMultipartUpload(bucket: bucket, key: "parts", options: S3PutOptions(metadata: ["x": "y"]))
            let etag = try await client.uploadPart(
                bucket: bucket, key: "parts", uploadID: uploadID, partNumber: 1,
                body: ByteBuffer(string: "part"), checksums: [.contentMD5, .sha256])
            #expect(!etag.isEmpty)
            try await client.abortMultipartUpload(bucket: bucket, key: "parts", uploadID: uploadID)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func conditionalGets(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let etag = try #require(try await client.putObject(bucket: bucket, key: "c", body: ByteBuffer(string: "conditional")))
            let head = try #require(try await client.headObject(bucket: bucket, key: "c"))
            let modified = try #require(head.lastModified)

            let matching = try await client.getObject(bucket: bucket, key: "c", conditions: S3GetConditions(ifMatch: etag))
            #expect(String(decoding: try await TestBytes.collect(matching.body), as: UTF8.self) == "conditional")

            await expectStatus(304) {
                _ = try await client.getObject(bucket: bucket, key: "c", conditions: S3GetConditions(ifNoneMatch: etag))
            }
            await expectStatus(412) {
                _ = try await client.getObject(bucket: bucket, key: "c", conditions: S3GetConditions(ifMatch: "0123abcd"))
            }
            await expectStatus(304) {
                _ = try await client.getObject(
                    bucket: bucket, key: "c", conditions: S3GetConditions(ifModifiedSince: modified.addingTimeInterval(60)))
            }
            await expectStatus(412) {
                _ = try await client.getObject(
                    bucket: bucket, key: "c", conditions: S3GetConditions(ifUnmodifiedSince: modified.addingTimeInterval(-3600)))
            }
            let ranged = try await client.getObject(
                bucket: bucket, key: "c", range: 2...5,
                conditions: S3GetConditions(ifModifiedSince: modified.addingTimeInterval(-3600)))
            #expect(String(decoding: try await TestBytes.collect(ranged.body), as: UTF8.self) == "ndit")
        }
    }

    @Test(arguments: S3TestStore.configured)
    func copyKeepsOrReplacesMetadata(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let bytes = TestBytes.pattern(100_000)
            try await client.putObject(
                bucket: bucket, key: "src", body: ByteBuffer(bytes: bytes),
                options: S3PutOptions(contentType: "image/png", metadata: ["a": "1"]))
            try await client.copyObject(sourceBucket: bucket, sourceKey: "src", bucket: bucket, key: "kept")
            let kept = try #require(try await client.headObject(bucket: bucket, key: "kept"))
            #expect(kept.contentType == "image/png")
            #expect(kept.metadata["a"] == "1")
            #expect(try await TestBytes.collect(client.getObject(bucket: bucket, key: "kept").body) == bytes)

            try await client.copyObject(
                sourceBucket: bucket, sourceKey: "src", bucket: bucket, key: "replaced",
                options: S3PutOptions(contentType: "text/plain", metadata: ["b": "2"]))
            let replaced = try #require(try await client.headObject(bucket: bucket, key: "replaced"))
            #expect(replaced.contentType == "text/plain")
            #expect(replaced.metadata == ["b": "2"])

            await #expect(throws: S3Error.self) {
                try await client.copyObject(sourceBucket: bucket, sourceKey: "missing", bucket: bucket, key: "x")
            }
        }
    }

    @Test(arguments: S3TestStore.configured)
    func largeCopyUsesUploadPartCopy(store: S3TestStore) async throws {
        var client = try store.client()
        client.multipartCopyThreshold = Int64(6 * Self.mib)
        client.multipartCopyPartSize = Int64(5 * Self.mib)
        try await ScratchBucket.with(on: store, client: client) { client, bucket in
            let bytes = TestBytes.pattern(11 * Self.mib + 3, seed: 9)
            try await client.putObject(
                bucket: bucket, key: "big", body: ByteBuffer(bytes: bytes),
                options: S3PutOptions(contentType: "application/zip", metadata: ["k": "v"]))
            try await client.copyObject(sourceBucket: bucket, sourceKey: "big", bucket: bucket, key: "big-copy")
            let head = try #require(try await client.headObject(bucket: bucket, key: "big-copy"))
            #expect(head.size == Int64(bytes.count))
            #expect(head.etag?.hasSuffix("-3") == true)  // three UploadPartCopy parts
            #expect(head.contentType == "application/zip")
            #expect(head.metadata["k"] == "v")
            #expect(try await TestBytes.collect(client.getObject(bucket: bucket, key: "big-copy").body) == bytes)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func deleteObjectsInBatches(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            let keys = (0..<25).map { "d/\($0) é+&<x>" }
            for key in keys { try await client.putObject(bucket: bucket, key: key, body: ByteBuffer(string: "x")) }
            try await client.putObject(bucket: bucket, key: "keep", body: ByteBuffer(string: "x"))
            let failures = try await client.deleteObjects(bucket: bucket, keys: keys + ["never-existed"])
            #expect(failures.isEmpty)
            #expect(try await client.listObjectKeys(bucket: bucket) == ["keep"])
        }
    }

    @Test(arguments: S3TestStore.configured)
    func multipartUploadsAndPartsAreListed(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            var uploads: [String: String] = [:]
            for key in ["u/a", "u/b", "u/c"] {
                uploads[key] = try await client.createMultipartUpload(bucket: bucket, key: key)
            }
            let listed = try await client.listMultipartUploads(bucket: bucket, prefix: "u/", pageSize: 2).collect()
            #expect(Dictionary(uniqueKeysWithValues: listed.map { ($0.key, $0.uploadID) }) == uploads)

            let uploadID = try #require(uploads["u/b"])
            var etags: [Int: String] = [:]
            for number in 1...3 {
                etags[number] = try await client.uploadPart(
                    bucket: bucket, key: "u/b", uploadID: uploadID, partNumber: number,
                    body: ByteBuffer(bytes: TestBytes.pattern(5 * Self.mib, seed: UInt8(number))))
            }
            let parts = try await client.listParts(bucket: bucket, key: "u/b", uploadID: uploadID, pageSize: 2).collect()
            #expect(parts.map(\.partNumber) == [1, 2, 3])
            #expect(parts.map(\.etag) == [etags[1], etags[2], etags[3]])
            #expect(parts.allSatisfy { $0.size == Int64(5 * Self.mib) })
            for (key, id) in uploads { try await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: id) }
            #expect(try await client.listMultipartUploads(bucket: bucket).collect().isEmpty)
        }
    }

    @Test(arguments: S3TestStore.configured)
    func bucketsCanBeCheckedAndCreatedOnce(store: S3TestStore) async throws {
        try await ScratchBucket.with(on: store) { client, bucket in
            try await client.headBucket(bucket)
            await #expect(throws: S3Error.self) { try await client.headBucket(bucket + "-nope") }
        }
    }
}

func expectStatus(_ status: Int, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected S3 error \(status), got success", sourceLocation: sourceLocation)
    } catch let error as S3Error {
        #expect(error.statusCode == status, "\(error)", sourceLocation: sourceLocation)
        if status == 304 { #expect(error.isNotModified, sourceLocation: sourceLocation) }
        if status == 412 { #expect(error.isPreconditionFailed, sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected S3 error \(status), got \(error)", sourceLocation: sourceLocation)
    }
}
