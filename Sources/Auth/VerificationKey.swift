import JWTKit

/// One key bound to one algorithm, ready to check signatures. Signature checks run outside any actor,
/// so concurrent requests verify in parallel.
struct VerificationKey: Sendable {
    let algorithm: SigningAlgorithm
    let kid: String?
    // Private, so the memberwise initializer is too: keys are made with `make`, which checks the pairing.
    private let verifier: any JWTAlgorithm

    func verifies(signature: [UInt8], signingInput: [UInt8]) -> Bool {
        (try? verifier.verify(signature, signs: signingInput)) ?? false
    }

    static func make(material: PublicKeyMaterial, algorithm: SigningAlgorithm, kid: String?) async throws -> Self {
        let collection = JWTKeyCollection()
        switch (material, algorithm) {
        case (.rsa(let key), .rs256): await collection.add(rsa: key, digestAlgorithm: .sha256)
        case (.rsa(let key), .rs384): await collection.add(rsa: key, digestAlgorithm: .sha384)
        case (.rsa(let key), .rs512): await collection.add(rsa: key, digestAlgorithm: .sha512)
        case (.rsa(let key), .ps256): await collection.add(pss: key, digestAlgorithm: .sha256)
        case (.rsa(let key), .ps384): await collection.add(pss: key, digestAlgorithm: .sha384)
        case (.rsa(let key), .ps512): await collection.add(pss: key, digestAlgorithm: .sha512)
        case (.p256(let key), .es256): await collection.add(ecdsa: key)
        case (.p384(let key), .es384): await collection.add(ecdsa: key)
        case (.p521(let key), .es512): await collection.add(ecdsa: key)
        default:
            throw TokenVerifierConfigurationError.keyDoesNotFitAlgorithms(
                source: "key \(kid ?? "")", algorithms: [algorithm.rawValue])
        }
        return Self(algorithm: algorithm, kid: kid, verifier: try await collection.getKey())
    }

    /// `secret` must already be checked against `algorithm.minimumHMACSecretBytes`
    /// (jwt-kit asserts on shorter keys).
    static func make(hmacSecret secret: [UInt8], algorithm: SigningAlgorithm) async throws -> Self {
        precondition(secret.count >= algorithm.minimumHMACSecretBytes)
        let collection = JWTKeyCollection()
        let key = HMACKey(from: secret)
        switch algorithm {
        case .hs256: await collection.add(hmac: key, digestAlgorithm: .sha256)
        case .hs384: await collection.add(hmac: key, digestAlgorithm: .sha384)
        case .hs512: await collection.add(hmac: key, digestAlgorithm: .sha512)
        default:
            throw TokenVerifierConfigurationError.keyDoesNotFitAlgorithms(
                source: "JWT_HMAC_SECRET", algorithms: [algorithm.rawValue])
        }
        return Self(algorithm: algorithm, kid: nil, verifier: try await collection.getKey())
    }
}
