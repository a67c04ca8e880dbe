import Crypto
import Foundation

/// A request as SigV4 sees it: the method, the `Host` header, the path exactly as sent (already URI-encoded
/// once), the query items unencoded, and the headers to sign.
public struct SigV4Request: Sendable {
    public var method: String
    public var host: String
    public var encodedPath: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]

    public init(
        method: String, host: String, encodedPath: String,
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = []
    ) {
        self.method = method
        self.host = host
        self.encodedPath = encodedPath
        self.query = query
        self.headers = headers
    }
}

/// AWS Signature Version 4 for S3: `Authorization` header signing and presigned URLs (query auth).
public struct SigV4Signer: Sendable {
    /// `x-amz-content-sha256` for a body whose hash is not computed (presigned URLs, streamed bodies).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// Hex SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The longest validity S3 accepts for a presigned URL (7 days).
    public static let maximumPresignedExpiry = 7 * 24 * 3600

    public var credentials: S3Credentials
    public var region: String
    public var service: String

    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Hex SHA-256 of `bytes`, the value of `x-amz-content-sha256` for a signed payload.
    public static func payloadHash<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return hasher.finalize().hexString
    }

    /// The headers to send with `request`: its own headers plus `host`, `x-amz-date`, `x-amz-content-sha256`,
    /// `x-amz-security-token` (with a session token) and `authorization`. All of them are signed.
    public func signedHeaders(for request: SigV4Request, payloadHash: String, date: Date) -> [(name: String, value: String)] {
        let timestamp = AmzDate(date)
        var headers = request.headers.filter { !Self.isSigningHeader($0.name) }
        headers.append(("host", request.host))
        headers.append(("x-amz-date", timestamp.dateTime))
        headers.append(("x-amz-content-sha256", payloadHash))
        if let token = credentials.sessionToken {
            headers.append(("x-amz-security-token", token))
        }
        let canonical = Self.canonicalHeaders(headers)
        let canonicalRequest = [
            request.method,
            request.encodedPath,
            Self.canonicalQuery(request.query),
            canonical.block,
            canonical.signedNames,
            payloadHash,
        ].joined(separator: "\n")
        let signature = self.signature(canonicalRequest: canonicalRequest, timestamp: timestamp)
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(timestamp)), "
            + "SignedHeaders=\(canonical.signedNames), Signature=\(signature)"
        headers.append(("authorization", authorization))
        return headers
    }

    /// The encoded query string of a presigned URL for `request` (its own query items plus the `X-Amz-*`
    /// authentication items), valid for `expires` seconds (1...7 days). Only `host` is signed; the payload
    /// is `UNSIGNED-PAYLOAD`.
    public func presignedQuery(for request: SigV4Request, expires: Int, date: Date) throws -> String {
        guard (1...Self.maximumPresignedExpiry).contains(expires) else {
            throw S3ClientError.invalidPresignExpiry(expires)
        }
        let timestamp = AmzDate(date)
        var query = request.query
        query.append(("X-Amz-Algorithm", "AWS4-HMAC-SHA256"))
        query.append(("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(timestamp))"))
        query.append(("X-Amz-Date", timestamp.dateTime))
        query.append(("X-Amz-Expires", String(expires)))
        if let token = credentials.sessionToken {
            query.append(("X-Amz-Security-Token", token))
        }
        query.append(("X-Amz-SignedHeaders", "host"))
        let canonicalQuery = Self.canonicalQuery(query)
        let canonicalRequest = [
            request.method,
            request.encodedPath,
            canonicalQuery,
            "host:\(request.host)\n",
            "host",
            Self.unsignedPayload,
        ].joined(separator: "\n")
        let signature = self.signature(canonicalRequest: canonicalRequest, timestamp: timestamp)
        return canonicalQuery + "&X-Amz-Signature=" + signature
    }

    // MARK: canonical forms

    /// Query items encoded once and sorted by name, then value: `a=1&b=`.
    public static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = items.map {
            (URIEncoding.encode($0.name), URIEncoding.encode($0.value))
        }
        let sorted = encoded.sorted { (a: (name: String, value: String), b: (name: String, value: String)) -> Bool in
            a.name == b.name ? a.value < b.value : a.name < b.name
        }
        return sorted.map { (item: (name: String, value: String)) -> String in item.name + "=" + item.value }
            .joined(separator: "&")
    }

    /// Lower-cased, trimmed, sorted `name:value\n` lines (repeated names joined by `,`) and the signed names.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signedNames: String) {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            merged[name.lowercased(), default: []].append(normalizedValue(value))
        }
        let names = merged.keys.sorted()
        let block = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    private static func normalizedValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    private static func isSigningHeader(_ name: String) -> Bool {
        switch name.lowercased() {
        case "host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "authorization": return true
        default: return false
        }
    }

    // MARK: signature

    private func scope(_ timestamp: AmzDate) -> String {
        "\(timestamp.date)/\(region)/\(service)/aws4_request"
    }

    func signature(canonicalRequest: String, timestamp: AmzDate) -> String {
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            timestamp.dateTime,
            scope(timestamp),
            Self.payloadHash(canonicalRequest.utf8),
        ].joined(separator: "\n")
        return HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(date: timestamp.date)).hexString
    }

    /// `kSigning`: HMAC chain of `AWS4<secret>` over the date, region, service and `aws4_request`.
    func signingKey(date: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for component in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(component.utf8), using: key)))
        }
        return key
    }

    // MARK: POST policies

    /// `x-amz-credential` of a POST form signed at `date`: `AKID/20151229/us-east-1/s3/aws4_request`.
    public func credentialScope(date: Date) -> String {
        "\(credentials.accessKeyID)/\(scope(AmzDate(date)))"
    }

    /// `x-amz-signature` of a browser-based POST: hex HMAC of the base64 policy (the string to sign) with the
    /// signing key of `date`'s day.
    public func signPolicy(base64Policy: String, date: Date) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(base64Policy.utf8), using: signingKey(date: AmzDate(date).date)).hexString
    }
}

/// The two date forms SigV4 uses: `20130524` and `20130524T000000Z` (UTC).
struct AmzDate {
    let date: String
    let dateTime: String

    init(_ instant: Date) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = Int(seconds - days * 86400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        date = String(format: "%04d%02d%02d", year, month, day)
        dateTime = date + String(format: "T%02d%02d%02dZ", secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    /// Howard Hinnant's days → proleptic Gregorian date.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        var result = ""
        for byte in self {
            result += String(byte, radix: 16).leftPadded
        }
        return result
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
