import Logging
import Server
import Settings
import TestSupport
import Testing

/// Each command's configuration is built from exactly the settings that command reads.
@Suite("Configurations from the settings")
struct SettingsWiringTests {
    static let database = ["DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres"]

    @Test func workerReadsOnlyItsSettings() throws {
        let values = try SettingValues(
            reading: ServiceSettings.worker,
            environment: Self.database.merging([
                "WORKERS": "3", "JOB_RETENTION_SECONDS": "60", "CHUNKED_SESSION_EXPIRES_SECONDS": "120",
                "WEBHOOK_URL": "https://hooks.example/in", "WEBHOOK_SECRET": "k",
            ]) { $1 })
        let worker = try WorkerService(settings: values, migrate: false, logger: Logger(label: "test"))
        #expect(worker.configuration.jobs.workers == 3)
        #expect(worker.configuration.jobs.doneJobRetention == 60)
        #expect(worker.configuration.jobs.chunkedSessionIdleAge == 120)
        #expect(worker.configuration.webhook?.url == "https://hooks.example/in")
    }

    @Test func workerNeedsAWorkerLoop() throws {
        let values = try SettingValues(reading: ServiceSettings.worker, environment: Self.database.merging(["WORKERS": "0"]) { $1 })
        #expect(throws: ConfigurationError.invalid("WORKERS", reason: "must be at least 1 for `worker`")) {
            try WorkerService(settings: values, migrate: false, logger: Logger(label: "test"))
        }
    }

    /// The chunk session expiry lives in one place, where the reaper reads it.
    @Test func serveSharesTheChunkSessionExpiry() throws {
        let configuration = try ServerConfiguration(
            environment: Self.database.merging([
                "JWT_HMAC_SECRET": ServerHarness.secret, "JWT_ALGORITHMS": "HS256", "CHUNKED_SESSION_EXPIRES_SECONDS": "600",
                "JOB_RETENTION_SECONDS": "3600",
            ]) { $1 })
        #expect(configuration.directUploads.jobs.chunkedSessionIdleAge == 600)
        #expect(configuration.directUploads.jobs.doneJobRetention == 3600)
    }

    @Test func webhooksNeedTheirSecret() {
        #expect(throws: ConfigurationError.missing("WEBHOOK_SECRET", hint: "the HMAC-SHA256 key that signs requests to WEBHOOK_URL")) {
            try ServerConfiguration(
                environment: Self.database.merging([
                    "JWT_HMAC_SECRET": ServerHarness.secret, "JWT_ALGORITHMS": "HS256", "WEBHOOK_URL": "https://hooks.example/in",
                ]) { $1 })
        }
    }
}
