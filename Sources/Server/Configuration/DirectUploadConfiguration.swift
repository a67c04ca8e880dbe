import Foundation
import Jobs
import Settings
import Uploads

/// Presigned uploads, the job workers, webhooks and `/update-status`; `worker` reads the job and webhook
/// part of it.
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

    public init(settings values: SettingValues) throws {
        let webhook = try Self.webhook(values)
        self.init(
            settings: DirectUploadSettings(
                maximumUploadBytes: values[ServiceSettings.maxUploadBytes],
                allowedExtensions: values[ServiceSettings.uploadAllowedExtensions].map {
                    Set($0.map(DirectUploadSettings.normalizedExtension).filter { !$0.isEmpty })
                },
                presignExpirySeconds: values[ServiceSettings.presignExpiresSeconds],
                confirmGraceSeconds: values[ServiceSettings.confirmGraceSeconds],
                processingMaxAttempts: Int32(clamping: max(1, values[ServiceSettings.jobMaxAttempts]))),
            jobs: JobSettings(settings: values),
            webhook: webhook,
            workerToken: values[ServiceSettings.workerToken],
            publicBaseURL: values[ServiceSettings.publicBaseURL],
            localSigningSecret: values[ServiceSettings.localUploadSigningSecret]
        )
    }

    /// What `worker` reads: the jobs and webhooks (it presigns nothing, so the presigned-upload rules keep
    /// their defaults).
    public init(workerSettings values: SettingValues) throws {
        let webhook = try Self.webhook(values)
        self.init(jobs: JobSettings(settings: values), webhook: webhook)
    }

    private static func webhook(_ values: SettingValues) throws -> WebhookTarget? {
        guard let url = values[ServiceSettings.webhookURL] else { return nil }
        guard values[ServiceSettings.webhookSecret] != nil else {
            throw ConfigurationError.missing("WEBHOOK_SECRET", hint: "the HMAC-SHA256 key that signs requests to WEBHOOK_URL")
        }
        return WebhookTarget(url: url, maxAttempts: Int32(clamping: values[ServiceSettings.webhookMaxAttempts]))
    }
}

extension JobSettings {
    /// The job queue's settings; the floors keep a zero from turning the workers into a busy loop.
    init(settings values: SettingValues) {
        self.init(
            workers: values[ServiceSettings.workers],
            visibilityTimeout: max(values[ServiceSettings.jobVisibilityTimeoutSeconds], 0.5),
            pollInterval: max(values[ServiceSettings.jobPollIntervalSeconds], 0.05),
            backoff: RetryBackoff(base: values[ServiceSettings.jobRetryBaseSeconds], maximum: values[ServiceSettings.jobRetryMaxSeconds]),
            reaperInterval: max(values[ServiceSettings.reaperIntervalSeconds], 1),
            staleUploadingAge: values[ServiceSettings.reaperStaleUploadingSeconds],
            multipartMaxAge: values[ServiceSettings.reaperMultipartMaxAgeSeconds],
            doneJobRetention: values[ServiceSettings.jobRetentionSeconds],
            webhookSecret: values[ServiceSettings.webhookSecret],
            webhookTimeout: values[ServiceSettings.webhookTimeoutSeconds],
            testDelayMilliseconds: values[ServiceSettings.jobTestDelayMilliseconds],
            chunkedSessionIdleAge: Double(values[ServiceSettings.chunkedSessionExpiresSeconds]))
    }
}
