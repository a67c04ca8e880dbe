import Crypto
import Foundation

/// This server's `/objects` endpoint, through which a `LocalStore`'s presigned requests reach it: the
/// address clients use and the key its grants are signed with. A grant is HMAC-SHA256 over the key, the
/// exact size, the content type and the expiry (a download's over the key and the expiry), so it can't
/// be used for another object, size or type, or after it expires. Servers sharing one disk share the key.
///
/// - `POST {baseURL}/objects`, a form: `key`, `Content-Type`, `x-upload-size`, `x-upload-expires`,
///   `x-upload-signature`, then `file` (like S3's presigned POST);
/// - `PUT {baseURL}/objects/{key}?size=&content-type=&expires=&signature=` (like a presigned PUT);
/// - `GET {baseURL}/objects/{key}?expires=&signature=` (like a presigned GET).
public struct LocalObjectEndpoint: Sendable {
    /// e.g. `http://127.0.0.1:8080`, without a trailing slash.
    public let baseURL: String
    private let key: SymmetricKey

    public init(baseURL: String, secret: [UInt8]) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        key = SymmetricKey(data: secret)
    }

    /// An endpoint whose grants die with the process (a random key).
    public static func random(baseURL: String) -> LocalObjectEndpoint {
        var generator = SystemRandomNumberGenerator()
        return LocalObjectEndpoint(baseURL: baseURL, secret: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    // MARK: grants

    func presignPut(key objectKey: String, size: Int64, contentType: String, expiresIn: Int) -> PresignedRequest {
        let (expiresAt, expires) = Self.expiry(in: expiresIn)
        let signature = uploadSignature(key: objectKey, size: size, contentType: contentType, expires: expires)
        let query = Self.query([
            ("size", String(size)), ("content-type", contentType), ("expires", String(expires)), ("signature", signature),
        ])
        return PresignedRequest(
            url: objectURL(objectKey) + "?" + query,
            headers: ["Content-Type": contentType, "Content-Length": String(size)], expiresAt: expiresAt)
    }

    func presignPost(key objectKey: String, size: Int64, contentType: String, expiresIn: Int) -> PresignedForm {
        let (expiresAt, expires) = Self.expiry(in: expiresIn)
        let signature = uploadSignature(key: objectKey, size: size, contentType: contentType, expires: expires)
        return PresignedForm(
            url: baseURL + "/objects",
            fields: [
                "key": objectKey, "Content-Type": contentType, "x-upload-size": String(size),
                "x-upload-expires": String(expires), "x-upload-signature": signature,
            ], expiresAt: expiresAt)
    }

    func presignGet(key objectKey: String, expiresIn: Int) -> PresignedRequest {
        let (expiresAt, expires) = Self.expiry(in: expiresIn)
        let query = Self.query([("expires", String(expires)), ("signature", downloadSignature(key: objectKey, expires: expires))])
        return PresignedRequest(url: objectURL(objectKey) + "?" + query, expiresAt: expiresAt)
    }

    // MARK: checks

    /// Throws `LocalGrantError` unless `signature` is this endpoint's for an upload of exactly this
    /// object, size and type, and `expires` (Unix seconds) hasn't passed.
    public func verifyUpload(key objectKey: String, size: Int64, contentType: String, expires: Int64, signature: String, now: Date = Date())
        throws
    {
        try Self.check(
            signature, against: uploadSignature(key: objectKey, size: size, contentType: contentType, expires: expires),
            expires: expires, now: now)
    }

    /// Throws `LocalGrantError` unless `signature` is this endpoint's for reading `key` until `expires`.
    public func verifyDownload(key objectKey: String, expires: Int64, signature: String, now: Date = Date()) throws {
        try Self.check(signature, against: downloadSignature(key: objectKey, expires: expires), expires: expires, now: now)
    }

    // MARK: signatures

    func uploadSignature(key objectKey: String, size: Int64, contentType: String, expires: Int64) -> String {
        sign("s3uploader-local-v1\n\(objectKey)\n\(size)\n\(contentType)\n\(expires)")
    }

    /// A different first line than uploads', so a download grant never passes for an upload's.
    func downloadSignature(key objectKey: String, expires: Int64) -> String {
        sign("s3uploader-local-get-v1\n\(objectKey)\n\(expires)")
    }

    private func sign(_ message: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares in constant time, then checks the expiry.
    private static func check(_ signature: String, against expected: String, expires: Int64, now: Date) throws {
        guard expected.utf8.count == signature.utf8.count,
            zip(expected.utf8, signature.lowercased().utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else {
            throw LocalGrantError.signatureMismatch
        }
        guard Int64(now.timeIntervalSince1970) <= expires else { throw LocalGrantError.expired }
    }

    private static func expiry(in seconds: Int) -> (Date, Int64) {
        let expiresAt = Date().addingTimeInterval(TimeInterval(seconds))
        return (expiresAt, Int64(expiresAt.timeIntervalSince1970))
    }

    /// `{baseURL}/objects/{key}`, each segment of the key percent-encoded.
    private func objectURL(_ objectKey: String) -> String {
        let path = objectKey.split(separator: "/").map {
            $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? String($0)
        }
        return baseURL + "/objects/" + path.joined(separator: "/")
    }

    /// A query string in which `+` stays a plus (`URLComponents` leaves it bare, and form decoding reads a space).
    private static func query(_ items: [(String, String)]) -> String {
        var components = URLComponents()
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
    }
}

/// Why a `LocalObjectEndpoint` refused a grant.
public enum LocalGrantError: Error, Sendable, Equatable {
    /// Missing, altered, or for another object, size, type or expiry.
    case signatureMismatch
    case expired
}
