import CryptoExtras
import Foundation
import JWTKit

/// Claims as a test writes them; nil members are left out of the token.
struct TestClaims: JWTPayload {
    var sub: String?
    var iss: String?
    var aud: AudienceClaim?
    var exp: Int?
    var nbf: Int?

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// A token for `alice` valid for five minutes.
    static func valid(sub: String? = "alice", expiresIn: Int = 300) -> TestClaims {
        TestClaims(sub: sub, exp: Int(Date().timeIntervalSince1970) + expiresIn)
    }
}

enum TestKeys {
    /// One RSA key per test process: generating 2048-bit keys is slow.
    static let rsa: JWTKit.Insecure.RSA.PrivateKey = try! JWTKit.Insecure.RSA.PrivateKey(
        backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
    static let otherRSA: JWTKit.Insecure.RSA.PrivateKey = try! JWTKit.Insecure.RSA.PrivateKey(
        backing: _RSA.Signing.PrivateKey(keySize: .bits2048))

    static let hmacSecret = "0123456789abcdef0123456789abcdef-extra"

    static func sign(
        _ claims: TestClaims, rsa key: JWTKit.Insecure.RSA.PrivateKey = TestKeys.rsa,
        digest: DigestAlgorithm = .sha256, kid: String? = nil, header: JWTHeader = JWTHeader()
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: key, digestAlgorithm: digest)
        return try await keys.sign(claims, kid: kid.map { JWKIdentifier(string: $0) }, header: header)
    }

    static func sign(_ claims: TestClaims, ecdsa key: ES256PrivateKey, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key)
        return try await keys.sign(claims, kid: kid.map { JWKIdentifier(string: $0) })
    }

    static func sign(_ claims: TestClaims, hmacSecret: String, digest: DigestAlgorithm = .sha256) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: Array(hmacSecret.utf8)), digestAlgorithm: digest)
        return try await keys.sign(claims)
    }

    /// A token built by hand, e.g. with `alg: none`: base64url(header).base64url(payload).signature.
    static func handCrafted(header: String, payload: String, signature: String = "") -> String {
        base64URL(Data(header.utf8)) + "." + base64URL(Data(payload.utf8)) + "." + signature
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A JWK (public parts only) for an RSA key.
    static func jwk(rsa key: JWTKit.Insecure.RSA.PrivateKey, kid: String, alg: String? = "RS256") throws -> [String: String] {
        let primitives = try key.publicKey.getKeyPrimitives()
        var jwk = ["kty": "RSA", "kid": kid, "use": "sig", "n": base64URL(primitives.modulus), "e": base64URL(primitives.publicExponent)]
        jwk["alg"] = alg
        return jwk
    }

    static func jwk(ecdsa key: ES256PrivateKey, kid: String) -> [String: String] {
        let parameters = key.publicKey.parameters!
        return ["kty": "EC", "crv": "P-256", "kid": kid, "x": parameters.x, "y": parameters.y]
    }

    static func jwksJSON(_ keys: [[String: String]]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["keys": keys]), as: UTF8.self)
    }
}
