import AsyncHTTPClient
import Foundation
import Logging
import S3Client
import Testing

/// The RGW (or other S3 server) the integration tests use, from `TEST_S3_*`. Tests are skipped when it is
/// not configured, unless `REQUIRE_SERVICES=1`, in which case they fail.
enum S3TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static var isEnabled: Bool {
        environment["TEST_S3_ENDPOINT"] != nil || environment["REQUIRE_SERVICES"] == "1"
    }

    static func configuration(secretKey: String? = nil) throws -> S3Configuration {
        let endpoint = try #require(environment["TEST_S3_ENDPOINT"].flatMap(URL.init(string:)),
                                    "TEST_S3_ENDPOINT is not set (scripts/dev-s3.sh start prints one)")
        let accessKey = try #require(environment["TEST_S3_ACCESS_KEY"], "TEST_S3_ACCESS_KEY is not set")
        let secret = try #require(environment["TEST_S3_SECRET_KEY"], "TEST_S3_SECRET_KEY is not set")
        return S3Configuration(
            endpoint: endpoint, region: environment["TEST_S3_REGION"] ?? "us-east-1", forcePathStyle: true,
            credentials: S3Credentials(accessKeyID: accessKey, secretAccessKey: secretKey ?? secret))
    }

    static func client(secretKey: String? = nil) throws -> S3Client {
        var logger = Logger(label: "s3-tests")
        logger.logLevel = .info
        return try S3Client(configuration: configuration(secretKey: secretKey), httpClient: .shared, logger: logger)
    }

    /// Runs `body` with a new bucket, then deletes the bucket's objects and the bucket.
    static func withBucket(_ body: (S3Client, String) async throws -> Void) async throws {
        let client = try client()
        let bucket = "s3c-test-" + UUID().uuidString.lowercased().prefix(18)
        try await client.createBucket(bucket)
        do {
            try await body(client, bucket)
        } catch {
            try? await removeBucket(bucket, client: client)
            throw error
        }
        try await removeBucket(bucket, client: client)
    }

    private static func removeBucket(_ bucket: String, client: S3Client) async throws {
        for key in try await client.listObjectKeys(bucket: bucket) {
            try await client.deleteObject(bucket: bucket, key: key)
        }
        try await client.deleteBucket(bucket)
    }
}
