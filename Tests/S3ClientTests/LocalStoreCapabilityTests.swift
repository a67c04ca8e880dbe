import Foundation
import NIOCore
import Testing

@testable import Storage

/// What `LocalStore` can do beyond the common operations, like `S3Store`: presign, list its unfinished
/// multipart uploads, copy on its side.
@Suite struct LocalStoreCapabilityTests {
    static let endpoint = LocalObjectEndpoint(baseURL: "http://uploads.test/", secret: Array("a shared signing secret".utf8))

    static func withStore(_ body: (LocalStore, URL) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("localstore-capabilities-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = LocalStore(root: root, endpoint: endpoint)
        try await store.checkReadiness()
        try await body(store, root)
    }

    static func query(_ url: String) throws -> [String: String] {
        let items = try #require(URLComponents(string: url)?.queryItems)
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
    }

    // MARK: presigning

    @Test func presignedPutPinsKeySizeAndType() async throws {
        try await Self.withStore { store, _ in
            let before = Date()
            let put = try await store.presignPut(key: "temp/u/f/a b+c.txt", size: 12, contentType: "text/plain+x", expiresIn: 600)
            #expect(put.url.hasPrefix("http://uploads.test/objects/temp/u/f/a%20b+c.txt?"))
            #expect(put.url.contains("content-type=text/plain%2Bx"), "a plus in the query stays a plus, not a space")
            #expect(put.headers == ["Content-Type": "text/plain+x", "Content-Length": "12"])
            #expect(put.expiresAt.timeIntervalSince(before) >= 599 && put.expiresAt.timeIntervalSince(before) <= 601)

            let query = try Self.query(put.url)
            let expires = try #require(query["expires"].flatMap { Int64($0) })
            #expect(query["size"] == "12")
            #expect(expires == Int64(put.expiresAt.timeIntervalSince1970))
            let signature = try #require(query["signature"])
            try store.endpoint.verifyUpload(
                key: "temp/u/f/a b+c.txt", size: 12, contentType: "text/plain+x", expires: expires, signature: signature)
            // Another size, type, key or expiry than the grant's, or a grant past its expiry, is refused.
            #expect(throws: LocalGrantError.signatureMismatch) {
                try store.endpoint.verifyUpload(
                    key: "temp/u/f/a b+c.txt", size: 13, contentType: "text/plain+x", expires: expires, signature: signature)
            }
            #expect(throws: LocalGrantError.signatureMismatch) {
                try store.endpoint.verifyUpload(
                    key: "temp/u/f/a b+c.txt", size: 12, contentType: "text/html", expires: expires, signature: signature)
            }
            #expect(throws: LocalGrantError.signatureMismatch) {
                try store.endpoint.verifyUpload(
                    key: "temp/u/f/other.txt", size: 12, contentType: "text/plain+x", expires: expires, signature: signature)
            }
            #expect(throws: LocalGrantError.signatureMismatch) {
                try store.endpoint.verifyUpload(
                    key: "temp/u/f/a b+c.txt", size: 12, contentType: "text/plain+x", expires: expires + 1, signature: signature)
            }
            #expect(throws: LocalGrantError.expired) {
                try store.endpoint.verifyUpload(
                    key: "temp/u/f/a b+c.txt", size: 12, contentType: "text/plain+x", expires: expires,
                    signature: signature, now: put.expiresAt.addingTimeInterval(2))
            }
        }
    }

    @Test func presignedPostIsTheObjectsForm() async throws {
        try await Self.withStore { store, _ in
            let form = try await store.presignPost(key: "temp/u/f/a.png", size: 1000, contentType: "image/png", expiresIn: 60)
            #expect(form.url == "http://uploads.test/objects")
            #expect(Set(form.fields.keys) == ["key", "Content-Type", "x-upload-size", "x-upload-expires", "x-upload-signature"])
            #expect(form.fields["key"] == "temp/u/f/a.png")
            #expect(form.fields["Content-Type"] == "image/png")
            #expect(form.fields["x-upload-size"] == "1000")
            let expires = try #require(form.fields["x-upload-expires"].flatMap { Int64($0) })
            #expect(expires == Int64(form.expiresAt.timeIntervalSince1970))
            let signature = try #require(form.fields["x-upload-signature"])
            // The same grant as the PUT's: one signature scheme for both ways of uploading.
            #expect(
                signature == store.endpoint.uploadSignature(key: "temp/u/f/a.png", size: 1000, contentType: "image/png", expires: expires))
            try store.endpoint.verifyUpload(
                key: "temp/u/f/a.png", size: 1000, contentType: "image/png", expires: expires, signature: signature.uppercased())
        }
    }

    @Test func presignedGetIsADownloadGrantOnly() async throws {
        try await Self.withStore { store, _ in
            let get = try await store.presignGet(key: "dest/u/f/report 1.pdf", expiresIn: 60)
            #expect(get.url.hasPrefix("http://uploads.test/objects/dest/u/f/report%201.pdf?"))
            #expect(get.headers.isEmpty)
            let query = try Self.query(get.url)
            let expires = try #require(query["expires"].flatMap { Int64($0) })
            let signature = try #require(query["signature"])
            try store.endpoint.verifyDownload(key: "dest/u/f/report 1.pdf", expires: expires, signature: signature)
            #expect(throws: LocalGrantError.signatureMismatch) {
                try store.endpoint.verifyDownload(key: "dest/u/f/other.pdf", expires: expires, signature: signature)
            }
            #expect(throws: LocalGrantError.expired) {
                try store.endpoint.verifyDownload(
                    key: "dest/u/f/report 1.pdf", expires: expires, signature: signature,
                    now: get.expiresAt.addingTimeInterval(2))
            }
            // An upload grant never passes for a download, nor the other way round.
            let put = try Self.query(try await store.presignPut(key: "dest/u/f/report 1.pdf", size: 0, contentType: "", expiresIn: 60).url)
            #expect(throws: LocalGrantError.signatureMismatch) {
                try store.endpoint.verifyDownload(
                    key: "dest/u/f/report 1.pdf", expires: Int64(put["expires"]!)!, signature: put["signature"]!)
            }
        }
    }

    @Test func serversSharingTheSecretAcceptEachOthersGrants() async throws {
        let other = LocalObjectEndpoint(baseURL: "http://other.test", secret: Array("a shared signing secret".utf8))
        let stranger = LocalObjectEndpoint.random(baseURL: "http://uploads.test")
        try await Self.withStore { store, _ in
            let form = try await store.presignPost(key: "temp/k", size: 1, contentType: "a/b", expiresIn: 60)
            let expires = Int64(form.fields["x-upload-expires"]!)!
            let signature = form.fields["x-upload-signature"]!
            try other.verifyUpload(key: "temp/k", size: 1, contentType: "a/b", expires: expires, signature: signature)
            #expect(throws: LocalGrantError.signatureMismatch) {
                try stranger.verifyUpload(key: "temp/k", size: 1, contentType: "a/b", expires: expires, signature: signature)
            }
        }
    }

    @Test func keysOutsideTheStoreAreNotPresigned() async throws {
        try await Self.withStore { store, _ in
            await #expect(throws: LocalStoreError.invalidKey("../etc/passwd")) {
                _ = try await store.presignPut(key: "../etc/passwd", size: 1, contentType: "a/b", expiresIn: 60)
            }
            await #expect(throws: LocalStoreError.invalidKey(".multipart/x")) {
                _ = try await store.presignGet(key: ".multipart/x", expiresIn: 60)
            }
        }
    }

    // MARK: listing multipart uploads

    @Test func unfinishedUploadsAreListedWithTheirKeyAndAge() async throws {
        try await Self.withStore { store, _ in
            #expect(try await store.multipartUploads(initiatedBefore: .distantFuture).isEmpty, "no upload was ever started")
            let first = try await store.createMultipartUpload(key: "u/1/a.bin", contentType: nil)
            let second = try await store.createMultipartUpload(key: "u/2/b b.bin", contentType: nil)
            let completed = try await store.createMultipartUpload(key: "u/3/c.bin", contentType: nil)
            let part = try await store.uploadPart(key: "u/3/c.bin", uploadID: completed, partNumber: 1, body: ByteBuffer(bytes: [1, 2, 3]))
            try await store.completeMultipartUpload(key: "u/3/c.bin", uploadID: completed, parts: [part])
            let aborted = try await store.createMultipartUpload(key: "u/4/d.bin", contentType: nil)
            try await store.abortMultipartUpload(key: "u/4/d.bin", uploadID: aborted)

            let listed = try await store.multipartUploads(initiatedBefore: Date().addingTimeInterval(1))
            #expect(Set(listed.map { "\($0.key) \($0.uploadID)" }) == ["u/1/a.bin \(first)", "u/2/b b.bin \(second)"])
            #expect(listed.allSatisfy { abs($0.initiated.timeIntervalSinceNow) < 60 })
            #expect(try await store.multipartUploads(initiatedBefore: Date().addingTimeInterval(-60)).isEmpty, "none is a minute old")

            // What the reaper does with them.
            for upload in listed { try await store.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID) }
            #expect(try await store.multipartUploads(initiatedBefore: .distantFuture).isEmpty)
        }
    }

    @Test func onlyUploadsOlderThanTheCutoffAreListed() async throws {
        try await Self.withStore { store, root in
            let old = try await store.createMultipartUpload(key: "u/old.bin", contentType: nil)
            let young = try await store.createMultipartUpload(key: "u/young.bin", contentType: nil)
            let keyFile = root.appendingPathComponent(".multipart/\(old)/key").path
            let twoHoursAgo = Date().addingTimeInterval(-7200)
            try FileManager.default.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: keyFile)

            let listed = try await store.multipartUploads(initiatedBefore: Date().addingTimeInterval(-3600))
            #expect(listed.map(\.uploadID) == [old])
            #expect(abs(try #require(listed.first).initiated.timeIntervalSince(twoHoursAgo)) < 1)
            #expect(Set(try await store.multipartUploads(initiatedBefore: .distantFuture).map(\.uploadID)) == [old, young])
        }
    }

    @Test func foldersThatAreNotUploadsAreIgnored() async throws {
        try await Self.withStore { store, root in
            let started = try await store.createMultipartUpload(key: "u/a.bin", contentType: nil)
            // A folder being created (no key yet) and a stray file are not uploads.
            let multipart = root.appendingPathComponent(".multipart")
            try FileManager.default.createDirectory(
                at: multipart.appendingPathComponent(UUID().uuidString.lowercased()),
                withIntermediateDirectories: true)
            try Data("x".utf8).write(to: multipart.appendingPathComponent("notes.txt"))
            #expect(try await store.multipartUploads(initiatedBefore: .distantFuture).map(\.uploadID) == [started])
        }
    }

    // MARK: copying on the store's side

    @Test func copyReplacesTheDestinationAndLeavesNoTemporaryFile() async throws {
        try await Self.withStore { store, root in
            let bytes = TestBytes.pattern(300_000)
            try await store.putObject(key: "temp/u/f/a.bin", body: ByteBuffer(bytes: bytes), contentType: nil)
            try await store.putObject(key: "dest/u/f/a.bin", body: ByteBuffer(bytes: [9]), contentType: nil)
            try await store.copyObject(from: "temp/u/f/a.bin", to: "dest/u/f/a.bin")
            #expect(try Data(contentsOf: root.appendingPathComponent("dest/u/f/a.bin")) == Data(bytes))
            #expect(try Data(contentsOf: root.appendingPathComponent("temp/u/f/a.bin")) == Data(bytes), "the source stays")
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("dest/u/f").path) == ["a.bin"])
            await #expect(throws: ObjectStoreError.notFound(key: "temp/u/f/missing")) {
                try await store.copyObject(from: "temp/u/f/missing", to: "dest/u/f/b.bin")
            }
        }
    }
}
