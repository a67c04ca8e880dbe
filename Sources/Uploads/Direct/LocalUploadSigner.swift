import Crypto
import Foundation

/// Signs and checks the local backend's `/objects` upload grants: HMAC-SHA256 over the key, exact size,
/// content type and expiry, so a grant can't be reused for another key, size or type, or after it expires.
public struct LocalUploadSigner: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    /// A signer with a random secret (grants die with the process).
    public static func random() -> LocalUploadSigner {
        var generator = SystemRandomNumberGenerator()
        return LocalUploadSigner(secret: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public func signature(key objectKey: String, size: Int64, contentType: String, expires: Int64) -> String {
        let message = "s3uploader-local-v1\n\(objectKey)\n\(size)\n\(contentType)\n\(expires)"
        return HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// Throws `DirectUploadError.invalidSignature` unless `signature` matches and `expires` is in the future.
    public func verify(key objectKey: String, size: Int64, contentType: String, expires: Int64, signature: String, now: Date = Date()) throws {
        let expected = self.signature(key: objectKey, size: size, contentType: contentType, expires: expires)
        guard expected.utf8.count == signature.utf8.count,
              zip(expected.utf8, signature.lowercased().utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw DirectUploadError.invalidSignature("The upload signature does not match.")
        }
        guard Int64(now.timeIntervalSince1970) <= expires else {
            throw DirectUploadError.invalidSignature("The upload grant has expired.")
        }
    }
}

/// Grants that point at this server's own `/objects` endpoint (local backend), with the same rules as S3's.
public struct LocalDirectUploadTarget: DirectUploadTarget {
    /// e.g. `http://127.0.0.1:8080`, without a trailing slash.
    public let baseURL: String
    public let signer: LocalUploadSigner

    public init(baseURL: String, signer: LocalUploadSigner) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.signer = signer
    }

    public func grant(method: DirectUploadMethod, key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> DirectUploadGrant {
        let expiresAt = Date().addingTimeInterval(TimeInterval(expiresIn))
        let expires = Int64(expiresAt.timeIntervalSince1970)
        let signature = signer.signature(key: key, size: size, contentType: contentType, expires: expires)
        switch method {
        case .post:
            return DirectUploadGrant(method: .post, url: baseURL + "/objects", fields: [
                "key": key, "Content-Type": contentType, "x-upload-size": String(size),
                "x-upload-expires": String(expires), "x-upload-signature": signature,
            ], headers: [:], expiresAt: expiresAt)
        case .put:
            var components = URLComponents()
            components.queryItems = [
                .init(name: "size", value: String(size)), .init(name: "content-type", value: contentType),
                .init(name: "expires", value: String(expires)), .init(name: "signature", value: signature),
            ]
            let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B") ?? ""
            let path = key.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? String($0) }
            return DirectUploadGrant(
                method: .put, url: baseURL + "/objects/" + path.joined(separator: "/") + "?" + query, fields: [:],
                headers: ["Content-Type": contentType, "Content-Length": String(size)], expiresAt: expiresAt)
        }
    }
}
