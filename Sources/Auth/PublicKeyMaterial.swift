import JWTKit

/// A public key read from PEM text, before it is bound to an algorithm.
enum PublicKeyMaterial: Sendable {
    case rsa(JWTKit.Insecure.RSA.PublicKey)
    case p256(ES256PublicKey)
    case p384(ES384PublicKey)
    case p521(ES512PublicKey)

    /// Accepts `PUBLIC KEY` / `RSA PUBLIC KEY` PEMs and `CERTIFICATE` PEMs with an RSA or EC key.
    init(pem: String, source: String) throws {
        if pem.contains("PRIVATE KEY") {
            throw TokenVerifierConfigurationError.invalidPublicKey(
                source: source, reason: "it holds a private key; configure the public key only")
        }
        guard pem.contains("-----BEGIN ") else {
            throw TokenVerifierConfigurationError.invalidPublicKey(source: source, reason: "no PEM block found")
        }
        if pem.contains("BEGIN CERTIFICATE") {
            if let key = try? JWTKit.Insecure.RSA.PublicKey(certificatePEM: pem) {
                self = .rsa(key)
                return
            }
            if let key = try? ES256PublicKey(certificate: pem) {
                self = .p256(key)
                return
            }
            if let key = try? ES384PublicKey(certificate: pem) {
                self = .p384(key)
                return
            }
            if let key = try? ES512PublicKey(certificate: pem) {
                self = .p521(key)
                return
            }
            throw TokenVerifierConfigurationError.invalidPublicKey(
                source: source, reason: "the certificate does not carry an RSA or P-256/P-384/P-521 key")
        }
        if let key = try? JWTKit.Insecure.RSA.PublicKey(pem: pem) {
            self = .rsa(key)
            return
        }
        if let key = try? ES256PublicKey(pem: pem) {
            self = .p256(key)
            return
        }
        if let key = try? ES384PublicKey(pem: pem) {
            self = .p384(key)
            return
        }
        if let key = try? ES512PublicKey(pem: pem) {
            self = .p521(key)
            return
        }
        throw TokenVerifierConfigurationError.invalidPublicKey(
            source: source, reason: "not an RSA (2048 bits or more) or P-256/P-384/P-521 public key")
    }

    /// The subset of `allowed` this key can verify.
    func usableAlgorithms(from allowed: [SigningAlgorithm]) -> [SigningAlgorithm] {
        allowed.filter { algorithm in
            switch (self, algorithm.keyFamily) {
            case (.rsa, .rsa): true
            case (.p256, .ecdsa(let curve)): curve == "P-256"
            case (.p384, .ecdsa(let curve)): curve == "P-384"
            case (.p521, .ecdsa(let curve)): curve == "P-521"
            default: false
            }
        }
    }
}
