import Database
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import S3Client
import Server
import Storage
import TestSupport
import Testing
import Uploads

/// The application on a random port with a scratch PostgreSQL database and a scratch bucket on Ceph RGW
/// (`TEST_S3_*`).
struct ChunkedS3Harness {
    let database: ScratchDatabase
    let client: S3Client
    let bucket: String

    static func run(
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ test: @escaping @Sendable (ChunkedS3Harness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await ScratchBucket.with(on: .rgw) { client, bucket in
            try await ScratchDatabase.with { database in
                try await ServerHarness.serve(
                    database: database, storage: try ServerHarness.s3Storage(bucket: bucket),
                    store: S3Store(client: client, bucket: bucket),
                    uploads: UploadSettings(maximumUploadBytes: 256 * 1024 * 1024, partSize: 5 * 1024 * 1024),
                    uploadBufferBytes: 64 * 1024 * 1024, logLabel: "chunked-s3-tests", configure: configure
                ) { _, testClient in
                    try await test(ChunkedS3Harness(database: database, client: client, bucket: bucket), testClient)
                }
            }
        }
    }

    /// A `ChunkedUploadService` of its own on the harness's database and bucket (5 MiB parts, like the
    /// server's); `failingReads` makes reads of that key fail.
    func withService(failingReads: String? = nil, _ body: (ChunkedUploadService) async throws -> Void) async throws {
        let logger = Logger(label: "chunked-s3-tests")
        try await database.withClient { postgres in
            let queries = Queries(client: postgres)
            let service = ChunkedUploadService(
                queries: queries, records: FileRecords(queries: queries),
                store: FailingReads(inner: S3Store(client: client, bucket: bucket), key: failingReads),
                budget: BufferBudget(capacity: 64 * 1024 * 1024),
                settings: UploadSettings(maximumUploadBytes: 256 * 1024 * 1024, partSize: 5 * 1024 * 1024), logger: logger)
            try await body(service)
        }
    }

    /// Keys of the bucket's objects under `prefix`.
    func objectKeys(prefix: String = "") async throws -> [String] {
        try await client.listObjectKeys(bucket: bucket, prefix: prefix)
    }

    /// The bucket's unfinished multipart uploads.
    func multipartUploads() async throws -> [S3MultipartUploadSummary] {
        var uploads: [S3MultipartUploadSummary] = []
        for try await upload in client.listMultipartUploads(bucket: bucket) { uploads.append(upload) }
        return uploads
    }

    /// The stored parts of a multipart upload.
    func parts(of upload: S3MultipartUploadSummary) async throws -> [S3PartSummary] {
        var parts: [S3PartSummary] = []
        for try await part in client.listParts(bucket: bucket, key: upload.key, uploadID: upload.uploadID) { parts.append(part) }
        return parts
    }

}

/// A store whose reads of one key fail; everything else goes to `inner`.
struct FailingReads: ObjectStore {
    let inner: S3Store
    let key: String?

    struct InjectedFailure: Error {}

    var minimumPartSize: Int { inner.minimumPartSize }
    func putObject(key: String, body: ByteBuffer, contentType: String?) async throws -> String? {
        try await inner.putObject(key: key, body: body, contentType: contentType)
    }
    func createMultipartUpload(key: String, contentType: String?) async throws -> String {
        try await inner.createMultipartUpload(key: key, contentType: contentType)
    }
    func uploadPart(key: String, uploadID: String, partNumber: Int, body: ByteBuffer) async throws -> CompletedPart {
        try await inner.uploadPart(key: key, uploadID: uploadID, partNumber: partNumber, body: body)
    }
    func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws {
        try await inner.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
    }
    func abortMultipartUpload(key: String, uploadID: String) async throws {
        try await inner.abortMultipartUpload(key: key, uploadID: uploadID)
    }
    func listParts(key: String, uploadID: String) async throws -> [StoredPart] { try await inner.listParts(key: key, uploadID: uploadID) }
    func headObject(key: String) async throws -> ObjectMetadata? { try await inner.headObject(key: key) }
    func getObject(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload {
        if key == self.key { throw InjectedFailure() }
        return try await inner.getObject(key: key, range: range)
    }
    func deleteObject(key: String) async throws { try await inner.deleteObject(key: key) }
    func checkReadiness() async throws { try await inner.checkReadiness() }
    func copyObject(from source: String, to destination: String) async throws { try await inner.copyObject(from: source, to: destination) }
}
