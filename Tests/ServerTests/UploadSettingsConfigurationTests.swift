import Server
import Settings
import TestSupport
import Testing

@Suite("Upload settings from the environment")
struct UploadSettingsConfigurationTests {
    static func configuration(_ extra: [String: String]) throws -> ServerConfiguration {
        try ServerConfiguration(
            environment: [
                "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
                "JWT_HMAC_SECRET": ServerHarness.secret, "JWT_ALGORITHMS": "HS256",
            ].merging(extra) { $1 })
    }

    @Test func streamedPartsAre64MiBUnlessSet() throws {
        #expect(try Self.configuration([:]).uploads.streamedPartSize == 64 * 1024 * 1024)
        #expect(try Self.configuration(["UPLOAD_STREAMED_PART_BYTES": "0"]).uploads.streamedPartSize == 0)
        #expect(try Self.configuration(["UPLOAD_STREAMED_PART_BYTES": "16777216"]).uploads.streamedPartSize == 16 * 1024 * 1024)
    }

    @Test func streamedPartsSmallerThanS3sMinimumAreRefused() {
        #expect(throws: ConfigurationError.invalid("UPLOAD_STREAMED_PART_BYTES", reason: "must be 0 (off) or at least 5 MiB (5242880)")) {
            try Self.configuration(["UPLOAD_STREAMED_PART_BYTES": "1048576"])
        }
    }
}
