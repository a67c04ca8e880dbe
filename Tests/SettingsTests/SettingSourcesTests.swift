import Foundation
import Settings
import Testing

@Suite("Reading settings: flags, environment, file, defaults")
struct SettingSourcesTests {
    @Test func flagWinsOverEnvironmentWhichWinsOverFileWhichWinsOverDefault() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID()).env").path
        try "# a comment\nPORT=7000\nHOST=10.0.0.1\nWORKERS=9\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let flags = try SettingFlags.parse(["--port", "9000", "--settings-file=\(file)"], settings: ServiceSettings.serve)
        var sources = SettingSources(commandLine: flags, environment: ["PORT": "8000", "HOST": "0.0.0.0"])
        try await sources.loadFile()
        let values = try SettingValues(reading: ServiceSettings.serve, from: sources)
        #expect(values[ServiceSettings.port] == 9000)
        #expect(values[ServiceSettings.host] == "0.0.0.0")
        #expect(values[ServiceSettings.workers] == 9)
        #expect(values[ServiceSettings.uploadPartBytes] == 8 * 1024 * 1024)
    }

    @Test func aMissingSettingsFileIsNamed() async {
        var sources = SettingSources(environment: ["SETTINGS_FILE": "/nonexistent/s3uploader.env"])
        await #expect(throws: ConfigurationError.self) { try await sources.loadFile() }
    }

    @Test func unknownFlagsAndMissingValuesAreRefused() {
        #expect(throws: SettingFlagError.unknown("--jwt-jwksurl")) {
            try SettingFlags.parse(["--jwt-jwksurl", "https://id.example/jwks"], settings: ServiceSettings.serve)
        }
        #expect(throws: SettingFlagError.missingValue("--port")) { try SettingFlags.parse(["--port"], settings: ServiceSettings.serve) }
        // `worker` has no HTTP listener, so no `--port`.
        #expect(throws: SettingFlagError.unknown("--port")) { try SettingFlags.parse(["--port", "1"], settings: ServiceSettings.worker) }
    }

    @Test func blankMeansUnsetAndBadValuesNameTheirVariable() throws {
        let values = try SettingValues(reading: ServiceSettings.serve, environment: ["PORT": "  ", "S3_BUCKET_NAME": ""])
        #expect(values[ServiceSettings.port] == 8080)
        #expect(values[ServiceSettings.s3BucketName] == nil)
        #expect(throws: ConfigurationError.invalid("PORT", reason: "must be a non-negative integer, got \"eighty\"")) {
            try SettingValues(reading: ServiceSettings.serve, environment: ["PORT": "eighty"])
        }
        #expect(throws: ConfigurationError.invalid("STORAGE_BACKEND", reason: "must be one of local, s3, got \"gcs\"")) {
            try SettingValues(reading: ServiceSettings.serve, environment: ["STORAGE_BACKEND": "gcs"])
        }
    }

    /// The chunk API and the reaper used to parse it with different rules.
    @Test func chunkedSessionExpiryHasOneRule() throws {
        for settings in [ServiceSettings.serve, ServiceSettings.worker] {
            #expect(throws: ConfigurationError.invalid("CHUNKED_SESSION_EXPIRES_SECONDS", reason: "must be positive")) {
                try SettingValues(reading: settings, environment: ["CHUNKED_SESSION_EXPIRES_SECONDS": "0"])
            }
        }
    }

    @Test func secretsAreRedacted() throws {
        let values = try SettingValues(reading: ServiceSettings.serve, environment: ["WEBHOOK_SECRET": "s3cr3t", "HOST": "::1"])
        let text = values.described(ServiceSettings.serve)
        #expect(!text.contains("s3cr3t"))
        #expect(text.contains("WEBHOOK_SECRET=<redacted>"))
        #expect(text.contains("HOST=::1"))
        #expect(text.contains("WORKER_TOKEN=\n"))
    }

    @Test func awsVariablesArePassedOnForTheCredentialsChain() throws {
        let values = try SettingValues(
            reading: ServiceSettings.worker,
            environment: [
                "AWS_PROFILE": "dev", "HOME": "/home/u", "PATH": "/bin",
            ])
        #expect(values.awsEnvironment == ["AWS_PROFILE": "dev", "HOME": "/home/u"])
    }
}
