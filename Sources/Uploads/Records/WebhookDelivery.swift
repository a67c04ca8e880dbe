import Database
import Foundation

/// The `deliver_webhook` job's payload: `{"url": ..., "body": "<the JSON text>"}`. The body is serialized
/// once, when queued, so every retry sends (and signs) the same bytes.
enum WebhookDelivery {
    static func payload(url: String, body: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return .object(["url": .string(url), "body": .string(String(decoding: try encoder.encode(body), as: UTF8.self))])
    }
}
