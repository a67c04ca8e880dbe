import Foundation

/// A presigned POST form: where to post and the fields to send before the file (boto3's
/// `generate_presigned_post` answer, `{"url": ..., "fields": {...}}`).
public struct S3PresignedPost: Sendable, Hashable, Codable {
    public var url: String
    public var fields: [String: String]
}

/// A condition of a POST policy.
public enum S3PostPolicyCondition: Sendable, Hashable {
    /// The form field `name` (without `$`) must equal `value`: `{"name": "value"}`.
    case equals(String, String)
    /// The form field must start with `prefix` (`""` allows anything): `["starts-with", "$name", "prefix"]`.
    case startsWith(String, String)
    /// The file's size in bytes must be within `range`: `["content-length-range", min, max]`.
    case contentLengthRange(ClosedRange<Int64>)

    var json: String {
        switch self {
        case .equals(let name, let value):
            return "{\(S3PostPolicy.jsonString(name)): \(S3PostPolicy.jsonString(value))}"
        case .startsWith(let name, let prefix):
            return "[\"starts-with\", \(S3PostPolicy.jsonString("$" + name)), \(S3PostPolicy.jsonString(prefix))]"
        case .contentLengthRange(let range):
            return "[\"content-length-range\", \(range.lowerBound), \(range.upperBound)]"
        }
    }
}

/// The policy document of a browser-based POST: an expiration and the conditions the form must meet.
struct S3PostPolicy {
    var expiration: Date
    var conditions: [S3PostPolicyCondition]

    /// `{"expiration": "2015-12-30T12:00:00Z", "conditions": [...]}`
    var json: String {
        let conditionList = conditions.map(\.json).joined(separator: ", ")
        return "{\"expiration\": \(Self.jsonString(Self.expirationText(expiration))), \"conditions\": [\(conditionList)]}"
    }

    static func expirationText(_ date: Date) -> String {
        let amz = AmzDate(date).dateTime  // 20151230T120000Z
        let d = Array(amz)
        return
            "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))T\(String(d[9..<11])):\(String(d[11..<13])):\(String(d[13..<15]))Z"
    }

    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
