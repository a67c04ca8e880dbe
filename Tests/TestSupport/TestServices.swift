import Foundation

/// The services integration tests run against, and the one place the tests read their `TEST_*`
/// variables (`make test` sets them from the PostgreSQL, RGW and SeaweedFS it starts).
///
/// A test needing a service runs when the service is configured and is skipped otherwise, except under
/// `REQUIRE_SERVICES=1`: then every service is required, and a missing one fails the run instead of
/// quietly skipping its tests.
public enum TestServices {
    static let environment = ProcessInfo.processInfo.environment

    /// A test input, or nil when unset or empty.
    static func variable(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `REQUIRE_SERVICES=1`.
    public static let required = environment["REQUIRE_SERVICES"] == "1"

    /// `TEST_DATABASE_URL`: a PostgreSQL server where tests may create and drop databases.
    public static let databaseURL = variable("TEST_DATABASE_URL")

    public static var postgresAvailable: Bool { databaseURL != nil || required }

    /// Ceph RGW (`TEST_S3_*`).
    public static var rgwAvailable: Bool { S3TestStore.rgw.isConfigured || required }

    /// At least one S3 store (RGW or SeaweedFS).
    public static var s3Available: Bool { !S3TestStore.configured.isEmpty }

    /// Both PostgreSQL and RGW, for tests of the service on S3.
    public static var postgresAndRGWAvailable: Bool { (databaseURL != nil && S3TestStore.rgw.isConfigured) || required }

    /// `TEST_S3_DEBUG=1` logs every S3 request.
    static var s3Debug: Bool { environment["TEST_S3_DEBUG"] == "1" }
}
