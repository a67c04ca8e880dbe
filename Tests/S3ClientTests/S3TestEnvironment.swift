import AsyncHTTPClient
import Foundation
import Logging
import S3Client
import Testing

/// An S3-compatible server the integration tests run against.
enum S3TestStore: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// Ceph RGW: `TEST_S3_ENDPOINT`, `TEST_S3_ACCESS_KEY`, `TEST_S3_SECRET_KEY`, `TEST_S3_REGION`.
    case rgw
    /// SeaweedFS: `TEST_SEAWEEDFS_ENDPOINT`, `TEST_SEAWEEDFS_ACCESS_KEY`, `TEST_SEAWEEDFS_SECRET_KEY`.
    case seaweedfs

    var testDescription: String { rawValue }

    private var prefix: String { self == .rgw ? "TEST_S3_" : "TEST_SEAWEEDFS_" }

    var isConfigured: Bool { S3TestEnvironment.environment[prefix + "ENDPOINT"] != nil }

    var endpoint: URL {
        get throws {
            try #require(S3TestEnvironment.environment[prefix + "ENDPOINT"].flatMap(URL.init(string:)),
                         "\(prefix)ENDPOINT is not set (scripts/dev-s3.sh / scripts/dev-seaweedfs.sh start print one)")
        }
    }

    func credentials(secretKey: String? = nil) throws -> S3Credentials {
        let env = S3TestEnvironment.environment
        let accessKey = try #require(env[prefix + "ACCESS_KEY"], "\(prefix)ACCESS_KEY is not set")
        let secret = try #require(env[prefix + "SECRET_KEY"], "\(prefix)SECRET_KEY is not set")
        return S3Credentials(accessKeyID: accessKey, secretAccessKey: secretKey ?? secret)
    }

    var region: String {
        S3TestEnvironment.environment[self == .rgw ? "TEST_S3_REGION" : "TEST_SEAWEEDFS_REGION"] ?? "us-east-1"
    }

    func configuration(secretKey: String? = nil, endpoint override: URL? = nil) throws -> S3Configuration {
        S3Configuration(endpoint: try override ?? endpoint, region: region, forcePathStyle: true,
                        credentials: try credentials(secretKey: secretKey))
    }

    func client(secretKey: String? = nil, endpoint: URL? = nil) throws -> S3Client {
        var logger = Logger(label: "s3-tests-\(rawValue)")
        logger.logLevel = S3TestEnvironment.environment["TEST_S3_DEBUG"] == "1" ? .debug : .info
        return try S3Client(configuration: configuration(secretKey: secretKey, endpoint: endpoint), httpClient: .shared, logger: logger)
    }
}

/// Which stores are configured. Tests are skipped when none is, unless `REQUIRE_SERVICES=1`, in which case
/// every store is required and a missing one fails loudly.
enum S3TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    static var requireServices: Bool { environment["REQUIRE_SERVICES"] == "1" }

    /// The stores to run the parametrized integration tests against.
    static var stores: [S3TestStore] {
        S3TestStore.allCases.filter { requireServices || $0.isConfigured }
    }

    static var isEnabled: Bool { !stores.isEmpty }
    static var rgwEnabled: Bool { requireServices || S3TestStore.rgw.isConfigured }

    static func client(secretKey: String? = nil) throws -> S3Client {
        try S3TestStore.rgw.client(secretKey: secretKey)
    }

    static func withBucket(_ body: (S3Client, String) async throws -> Void) async throws {
        try await withBucket(on: .rgw, body)
    }

    /// Runs `body` with a new bucket on `store`, then deletes the bucket's objects, uploads and the bucket.
    static func withBucket(on store: S3TestStore, client: S3Client? = nil, _ body: (S3Client, String) async throws -> Void) async throws {
        let client = try client ?? store.client()
        let bucket = "s3c-test-" + UUID().uuidString.lowercased().prefix(18)
        try await client.createBucket(bucket)
        do {
            try await body(client, bucket)
        } catch {
            try? await store.client().deleteBucketAndContents(bucket)
            throw error
        }
        try await store.client().deleteBucketAndContents(bucket)
    }

}
