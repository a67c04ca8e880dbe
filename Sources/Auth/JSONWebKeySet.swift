import Foundation
import JWTKit

/// A JWKS document (RFC 7517 §5), decoded leniently: keys of unknown types, encryption keys and keys
/// with unusable parameters are skipped instead of failing the whole set.
struct JSONWebKeySet: Decodable, Sendable {
    struct Key: Decodable, Sendable {
        let kty: String?
        let kid: String?
        let alg: String?
        let use: String?
        let n: String?
        let e: String?
        let crv: String?
        let x: String?
        let y: String?
    }

    let keys: [Key]

    /// Keys for every allowed algorithm each JWK can verify (its own `alg` when it names one).
    func verificationKeys(allowed: [SigningAlgorithm]) async -> [VerificationKey] {
        var result: [VerificationKey] = []
        for key in keys where key.use == nil || key.use == "sig" {
            guard let material = Self.material(of: key) else { continue }
            var algorithms = material.usableAlgorithms(from: allowed)
            if let alg = key.alg {
                algorithms = algorithms.filter { $0.rawValue == alg }
            }
            for algorithm in algorithms {
                if let verificationKey = try? await VerificationKey.make(
                    material: material, algorithm: algorithm, kid: key.kid)
                {
                    result.append(verificationKey)
                }
            }
        }
        return result
    }

    private static func material(of key: Key) -> PublicKeyMaterial? {
        switch key.kty {
        case "RSA":
            guard let n = key.n, let e = key.e,
                let publicKey = try? JWTKit.Insecure.RSA.PublicKey(modulus: n, exponent: e)
            else { return nil }
            return .rsa(publicKey)
        case "EC":
            guard let x = key.x, let y = key.y else { return nil }
            switch key.crv {
            case "P-256": return (try? ES256PublicKey(parameters: (x, y))).map { .p256($0) }
            case "P-384": return (try? ES384PublicKey(parameters: (x, y))).map { .p384($0) }
            case "P-521": return (try? ES512PublicKey(parameters: (x, y))).map { .p521($0) }
            default: return nil
            }
        default:
            return nil
        }
    }
}
