import Foundation
import Uploads

/// Settings of seed 002's chunk API and of tus uploads.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `TUS_UPLOAD_EXPIRES_SECONDS` | an unfinished tus upload expires this long after its creation or last PATCH | `86400` |
/// | `TUS_REAP_INTERVAL_SECONDS` | how often expired tus uploads and idle chunk sessions are removed (0 = never in the background) | `300` |
/// | `CHUNKED_SESSION_EXPIRES_SECONDS` | a chunk session never completed is removed this long after its last chunk | `86400` |
/// | `MAIN_SERVICE_CALLBACK_URL` | completed chunked uploads are POSTed here, signed with `WEBHOOK_SECRET` | unset |
public struct ResumableUploadConfiguration: Sendable {
    public var tusExpiresAfter: TimeInterval = 24 * 60 * 60
    public var reapInterval: TimeInterval = 300
    public var chunkedSessionExpiresAfter: TimeInterval = 24 * 60 * 60
    public var mainServiceCallback: WebhookTarget?

    public init() {}

    public init(environment: [String: String]) throws {
        let reader = EnvironmentReader(environment)
        if let seconds = try reader.integer("TUS_UPLOAD_EXPIRES_SECONDS") {
            guard seconds > 0 else { throw ConfigurationError.invalid("TUS_UPLOAD_EXPIRES_SECONDS", reason: "must be positive") }
            tusExpiresAfter = TimeInterval(seconds)
        }
        if let seconds = try reader.integer("TUS_REAP_INTERVAL_SECONDS") { reapInterval = TimeInterval(seconds) }
        if let seconds = try reader.integer("CHUNKED_SESSION_EXPIRES_SECONDS") {
            guard seconds > 0 else { throw ConfigurationError.invalid("CHUNKED_SESSION_EXPIRES_SECONDS", reason: "must be positive") }
            chunkedSessionExpiresAfter = TimeInterval(seconds)
        }
        if let url = reader.string("MAIN_SERVICE_CALLBACK_URL") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw ConfigurationError.invalid("MAIN_SERVICE_CALLBACK_URL", reason: "must be an http(s) URL")
            }
            guard reader.string("WEBHOOK_SECRET") != nil else {
                throw ConfigurationError.missing("WEBHOOK_SECRET", hint: "MAIN_SERVICE_CALLBACK_URL deliveries are signed with it")
            }
            mainServiceCallback = WebhookTarget(url: url, maxAttempts: Int32(clamping: try reader.integer("WEBHOOK_MAX_ATTEMPTS") ?? 8))
        }
    }
}
