import Crypto
import Foundation

/// How outgoing webhooks are signed: `X-Webhook-Signature: sha256=<hex>` where the hex is
/// HMAC-SHA256(`WEBHOOK_SECRET`, "<X-Webhook-Timestamp>.<body>"), the timestamp in Unix seconds.
/// Receivers recompute it and reject timestamps too far from their clock (replays).
public enum WebhookSignature {
    public static let timestampHeader = "X-Webhook-Timestamp"
    public static let signatureHeader = "X-Webhook-Signature"
    /// The job id: the same for every retry of one delivery, so receivers can drop duplicates.
    public static let deliveryHeader = "X-Webhook-ID"

    public static func sign(body: [UInt8], timestamp: Int64, secret: String) -> String {
        let message = Array("\(timestamp).".utf8) + body
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }
}
