import Foundation
import Settings
import Uploads

/// Settings of the chunk API and of tus uploads.
public struct ResumableUploadConfiguration: Sendable {
    public var tusExpiresAfter: TimeInterval = 24 * 60 * 60
    public var mainServiceCallback: WebhookTarget?

    public init() {}

    public init(settings values: SettingValues) throws {
        tusExpiresAfter = TimeInterval(values[ServiceSettings.tusUploadExpiresSeconds])
        if let url = values[ServiceSettings.mainServiceCallbackURL] {
            guard values[ServiceSettings.webhookSecret] != nil else {
                throw ConfigurationError.missing("WEBHOOK_SECRET", hint: "MAIN_SERVICE_CALLBACK_URL deliveries are signed with it")
            }
            mainServiceCallback = WebhookTarget(url: url, maxAttempts: Int32(clamping: values[ServiceSettings.webhookMaxAttempts]))
        }
    }
}
