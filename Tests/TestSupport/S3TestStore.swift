import AsyncHTTPClient
import Foundation
import Logging
import S3Client
import Testing

/// An S3-compatible server the integration tests run against.
public enum S3TestStore: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// Ceph RGW: `TEST_S3_ENDPOINT`, `TEST_S3_ACCESS_KEY`, `TEST_S3_SECRET_KEY`, `TEST_S3_REGION`.
    case rgw
    /// SeaweedFS: `TEST_SEAWEEDFS_ENDPOINT`, `TEST_SEAWEEDFS_ACCESS_KEY`, `TEST_SEAWEEDFS_SECRET_KEY`.
    case seaweedfs

    /// The stores to run parametrized tests against: the configured ones, or every one under
    /// `REQUIRE_SERVICES=1` (so a missing one fails loudly).
    public static var configured: [S3TestStore] {
        allCases.filter { TestServices.required || $0.isConfigured }
    }

    public var testDescription: String { rawValue }

    private var prefix: String { self == .rgw ? "TEST_S3_" : "TEST_SEAWEEDFS_" }

    public var isConfigured: Bool { TestServices.variable(prefix + "ENDPOINT") != nil }

    public var endpoint: URL {
        get throws {
            try #require(
                TestServices.variable(prefix + "ENDPOINT").flatMap(URL.init(string:)),
                "\(prefix)ENDPOINT is not set (scripts/dev-s3.sh / scripts/dev-seaweedfs.sh start print one)")
        }
    }

    public var region: String { TestServices.variable(prefix + "REGION") ?? "us-east-1" }

    /// The store's credentials; `secretKey` replaces the secret (to test a wrong one).
    public func credentials(secretKey: String? = nil) throws -> S3Credentials {
        let accessKey = try #require(TestServices.variable(prefix + "ACCESS_KEY"), "\(prefix)ACCESS_KEY is not set")
        let secret = try #require(TestServices.variable(prefix + "SECRET_KEY"), "\(prefix)SECRET_KEY is not set")
        return S3Credentials(accessKeyID: accessKey, secretAccessKey: secretKey ?? secret)
    }

    /// Path-style addressing at the store's endpoint, or at `endpoint` (a proxy in front of it).
    public func configuration(secretKey: String? = nil, endpoint override: URL? = nil) throws -> S3Configuration {
        S3Configuration(
            endpoint: try override ?? endpoint, region: region, forcePathStyle: true,
            credentials: try credentials(secretKey: secretKey))
    }

    public func client(secretKey: String? = nil, endpoint: URL? = nil) throws -> S3Client {
        try S3Client(configuration: configuration(secretKey: secretKey, endpoint: endpoint), httpClient: .shared, logger: logger)
    }

    public var logger: Logger {
        var logger = Logger(label: "s3-tests-\(rawValue)")
        logger.logLevel = TestServices.s3Debug ? .debug : .info
        return logger
    }
}
