import Foundation
import Jobs
import Uploads

/// Presigned uploads, the job workers, webhooks and `/update-status` (issue 5), from the environment:
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `WORKERS` | job worker loops inside `serve` (`--workers`) | 2 |
/// | `UPLOAD_ALLOWED_EXTENSIONS` | comma-separated allow-list, e.g. `pdf,jpg,png` | any |
/// | `PRESIGN_EXPIRES_SECONDS` | lifetime of presigned URLs/forms | 3600 |
/// | `CONFIRM_GRACE_SECONDS` | after the URL expires, time left to confirm before the reaper expires the upload | 900 |
/// | `PUBLIC_BASE_URL` | this server's URL as clients see it (local backend's `/objects` grants) | `http://HOST:PORT` |
/// | `LOCAL_UPLOAD_SIGNING_SECRET` | key of `/objects` grants (set it when several servers share a disk) | random per process |
/// | `WORKER_TOKEN` | bearer secret of `POST /update-status` | unset = route disabled |
/// | `WEBHOOK_URL`, `WEBHOOK_SECRET` | where final statuses are POSTed, and the HMAC-SHA256 key | unset = no webhooks |
/// | `WEBHOOK_MAX_ATTEMPTS`, `WEBHOOK_TIMEOUT_SECONDS` | delivery attempts, per-attempt timeout | 8, 10 |
/// | `JOB_MAX_ATTEMPTS` | attempts of a processing job | 5 |
/// | `JOB_VISIBILITY_TIMEOUT_SECONDS` | a crashed worker's job runs again after this | 30 |
/// | `JOB_POLL_INTERVAL_SECONDS` | idle wait when no NOTIFY arrives | 5 |
/// | `JOB_RETRY_BASE_SECONDS`, `JOB_RETRY_MAX_SECONDS` | exponential backoff | 2, 300 |
/// | `REAPER_INTERVAL_SECONDS` | how often the reaper runs | 300 |
/// | `REAPER_STALE_UPLOADING_SECONDS`, `REAPER_MULTIPART_MAX_AGE_SECONDS` | when streaming uploads / multipart uploads count as abandoned | 86400 |
public struct DirectUploadConfiguration: Sendable {
    public var settings: DirectUploadSettings
    public var jobs: JobSettings
    public var webhook: WebhookTarget?
    public var workerToken: String?
    public var publicBaseURL: String?
    public var localSigningSecret: String?

    public init(
        settings: DirectUploadSettings = DirectUploadSettings(), jobs: JobSettings = JobSettings(), webhook: WebhookTarget? = nil,
        workerToken: String? = nil, publicBaseURL: String? = nil, localSigningSecret: String? = nil
    ) {
        self.settings = settings
        self.jobs = jobs
        self.webhook = webhook
        self.workerToken = workerToken
        self.publicBaseURL = publicBaseURL
        self.localSigningSecret = localSigningSecret
    }

    public init(environment: [String: String], maximumUploadBytes: Int64) throws {
        let reader = EnvironmentReader(environment)
        func seconds(_ name: String, _ fallback: Double) throws -> Double {
            guard let text = reader.string(name) else { return fallback }
            guard let value = Double(text), value >= 0, value.isFinite else {
                throw ConfigurationError.invalid(name, reason: "must be a non-negative number of seconds, got \"\(text)\"")
            }
            return value
        }
        let extensions = reader.string("UPLOAD_ALLOWED_EXTENSIONS").map {
            Set($0.split(separator: ",").map { DirectUploadSettings.normalizedExtension(String($0)) }.filter { !$0.isEmpty })
        }
        let presignExpiry = try reader.integer("PRESIGN_EXPIRES_SECONDS").map(Int.init) ?? 3600
        guard (1...604_800).contains(presignExpiry) else {
            throw ConfigurationError.invalid("PRESIGN_EXPIRES_SECONDS", reason: "must be between 1 and 604800 (7 days)")
        }
        var webhook: WebhookTarget?
        if let url = reader.string("WEBHOOK_URL") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw ConfigurationError.invalid("WEBHOOK_URL", reason: "must be an http(s) URL, got \"\(url)\"")
            }
            webhook = WebhookTarget(url: url, maxAttempts: Int32(clamping: try reader.integer("WEBHOOK_MAX_ATTEMPTS") ?? 8))
        }
        let workers = try reader.integer("WORKERS").map(Int.init) ?? 2
        self.init(
            settings: DirectUploadSettings(
                maximumUploadBytes: maximumUploadBytes, allowedExtensions: extensions, presignExpirySeconds: presignExpiry,
                confirmGraceSeconds: try reader.integer("CONFIRM_GRACE_SECONDS").map(Int.init) ?? 900,
                processingMaxAttempts: Int32(clamping: max(1, try reader.integer("JOB_MAX_ATTEMPTS") ?? 5))),
            jobs: JobSettings(
                workers: workers,
                visibilityTimeout: max(try seconds("JOB_VISIBILITY_TIMEOUT_SECONDS", 30), 0.5),
                pollInterval: max(try seconds("JOB_POLL_INTERVAL_SECONDS", 5), 0.05),
                backoff: RetryBackoff(base: try seconds("JOB_RETRY_BASE_SECONDS", 2), maximum: try seconds("JOB_RETRY_MAX_SECONDS", 300)),
                reaperInterval: max(try seconds("REAPER_INTERVAL_SECONDS", 300), 1),
                staleUploadingAge: try seconds("REAPER_STALE_UPLOADING_SECONDS", 86_400),
                multipartMaxAge: try seconds("REAPER_MULTIPART_MAX_AGE_SECONDS", 86_400),
                webhookSecret: reader.string("WEBHOOK_SECRET"),
                webhookTimeout: try seconds("WEBHOOK_TIMEOUT_SECONDS", 10),
                testDelayMilliseconds: try reader.integer("JOB_TEST_DELAY_MS").map(Int.init) ?? 0,
                chunkedSessionIdleAge: try seconds("CHUNKED_SESSION_EXPIRES_SECONDS", 86_400)),
            webhook: webhook,
            workerToken: reader.string("WORKER_TOKEN"),
            publicBaseURL: reader.string("PUBLIC_BASE_URL"),
            localSigningSecret: reader.string("LOCAL_UPLOAD_SIGNING_SECRET")
        )
        if webhook != nil, jobs.webhookSecret == nil {
            throw ConfigurationError.missing("WEBHOOK_SECRET", hint: "the HMAC-SHA256 key that signs requests to WEBHOOK_URL")
        }
    }
}
