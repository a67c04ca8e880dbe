import AsyncHTTPClient
import Auth
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
import Testing
import Uploads

/// The application on a random port with a real PostgreSQL database and a bucket of its own on Ceph RGW
/// (`TEST_S3_*`), removed afterwards with its objects and multipart uploads.
struct ChunkedS3Harness {
    static let environment = ProcessInfo.processInfo.environment
    static var available: Bool {
        (TestServices.databaseURL != nil && environment["TEST_S3_ENDPOINT"] != nil) || TestServices.required
    }

    let database: TestDatabase
    let client: S3Client
    let bucket: String

    static func run(
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ test: @escaping @Sendable (ChunkedS3Harness, any TestClientProtocol) async throws -> Void
    ) async throws {
        let endpoint = try #require(environment["TEST_S3_ENDPOINT"].flatMap(URL.init(string:)), "TEST_S3_ENDPOINT is not set (make test sets it)")
        let credentials = S3Credentials(
            accessKeyID: try #require(environment["TEST_S3_ACCESS_KEY"], "TEST_S3_ACCESS_KEY is not set"),
            secretAccessKey: try #require(environment["TEST_S3_SECRET_KEY"], "TEST_S3_SECRET_KEY is not set"))
        let client = try S3Client(
            configuration: S3Configuration(
                endpoint: endpoint, region: environment["TEST_S3_REGION"] ?? "us-east-1", forcePathStyle: true, credentials: credentials),
            httpClient: .shared, logger: Logger(label: "chunked-s3-tests"))
        let bucket = "chunked-test-" + UUID().uuidString.lowercased().prefix(18)
        try await client.createBucket(bucket)
        do {
            try await TestDatabase.withDatabase { database in
                var tokens = TokenVerifierConfiguration(hmacSecret: ServerHarness.secret, algorithms: [.hs256])
                tokens.audience = "uploads"
                var configuration = ServerConfiguration(
                    port: 0, databaseURL: database.url,
                    storage: .s3(S3StorageSettings(
                        endpoint: endpoint, region: "us-east-1", bucket: bucket, forcePathStyle: true,
                        accessKey: nil, secretKey: nil, sessionToken: nil)),
                    tokens: tokens,
                    uploads: UploadSettings(maximumUploadBytes: 256 * 1024 * 1024, partSize: 5 * 1024 * 1024),
                    uploadBufferBytes: 64 * 1024 * 1024)
                configure(&configuration)
                let logger = Logger(label: "chunked-s3-tests")
                let dependencies = ApplicationDependencies(
                    postgres: PostgresClient(configuration: try DatabaseURL.parse(database.url), backgroundLogger: logger),
                    store: S3Store(client: client, bucket: bucket),
                    tokenVerifier: try await TokenVerifier(configuration: tokens))
                let app = buildApplication(configuration: configuration, dependencies: dependencies, logger: logger)
                let harness = ChunkedS3Harness(database: database, client: client, bucket: bucket)
                try await app.test(.live) { testClient in try await test(harness, testClient) }
            }
            try await client.deleteBucketAndContents(bucket)
        } catch {
            try? await client.deleteBucketAndContents(bucket)
            throw error
        }
    }

    /// A `ChunkedUploadService` of its own on the harness's database and bucket (5 MiB parts, like the
    /// server's); `failingReads` makes reads of that key fail.
    func withService(failingReads: String? = nil, _ body: (ChunkedUploadService) async throws -> Void) async throws {
        let logger = Logger(label: "chunked-s3-tests")
        let postgres = PostgresClient(configuration: try DatabaseURL.parse(database.url), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await postgres.run() }
            defer { group.cancelAll() }
            let service = ChunkedUploadService(
                queries: Queries(client: postgres),
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
    func abortMultipartUpload(key: String, uploadID: String) async throws { try await inner.abortMultipartUpload(key: key, uploadID: uploadID) }
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
