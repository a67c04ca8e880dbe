import AsyncHTTPClient
import Database
import Foundation
import Logging
import NIOCore

/// Delivers a queued webhook (`deliver_webhook` job): POSTs the stored body to the stored URL, signed
/// with `WEBHOOK_SECRET`. Any answer but 2xx, or no answer, is retried with backoff.
public struct WebhookDeliveryProcessor: JobProcessor {
    public var kind: JobKind { .deliverWebhook }

    let httpClient: HTTPClient
    let secret: String?
    let timeout: Double
    let logger: Logger

    public init(httpClient: HTTPClient = .shared, secret: String?, timeout: Double = 10, logger: Logger) {
        self.httpClient = httpClient
        self.secret = secret
        self.timeout = timeout
        self.logger = logger
    }

    public func run(_ job: Job) async throws -> JobCommit? {
        guard case .object(let payload) = job.payload, case .string(let url)? = payload["url"], case .string(let body)? = payload["body"]
        else {
            throw JobFailure.permanent("malformed deliver_webhook payload")
        }
        let bytes = Array(body.utf8)
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "s3uploader-webhook/1")
        request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
        request.headers.add(name: WebhookSignature.deliveryHeader, value: job.id.uuidString.lowercased())
        if let secret {
            request.headers.add(
                name: WebhookSignature.signatureHeader, value: WebhookSignature.sign(body: bytes, timestamp: timestamp, secret: secret))
        }
        request.body = .bytes(ByteBuffer(bytes: bytes))
        let response = try await httpClient.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw WebhookDeliveryError(status: Int(response.status.code))
        }
        logger.info("webhook delivered", metadata: ["job": "\(job.id)", "status": "\(response.status.code)"])
        return nil
    }
}

struct WebhookDeliveryError: Error, CustomStringConvertible {
    var status: Int
    var description: String { "the webhook receiver answered \(status)" }
}
