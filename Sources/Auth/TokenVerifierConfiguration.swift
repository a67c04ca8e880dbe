import Foundation

/// How bearer tokens are verified. Several key sources may be combined; at least one is required. The
/// `JWT_*` settings that fill it are declared in the settings module.
public struct TokenVerifierConfiguration: Sendable, Hashable {
    /// PEM text of an RSA or EC public key, or of a certificate carrying one (`JWT_PUBLIC_KEY`).
    public var publicKeyPEM: String?
    /// Path of a file holding such a PEM (`JWT_PUBLIC_KEY_FILE`).
    public var publicKeyFile: String?
    /// JWKS endpoint (`JWT_JWKS_URL`), fetched with AsyncHTTPClient, cached, refreshed on unknown `kid`.
    public var jwksURL: String?
    /// Shared secret for HS256/384/512 (`JWT_HMAC_SECRET`), used as its UTF-8 bytes; at least 32 bytes.
    public var hmacSecret: String?
    /// Allow-list of header `alg` values (`JWT_ALGORITHMS`, comma separated; default `RS256`).
    public var algorithms: [SigningAlgorithm]
    /// Required `iss` when set (`JWT_ISSUER`).
    public var issuer: String?
    /// Required member of `aud` when set (`JWT_AUDIENCE`).
    public var audience: String?
    /// Clock skew tolerated on `exp` and `nbf`, in seconds.
    public var leeway: TimeInterval
    /// Age after which the cached JWKS is fetched again on the next verification.
    public var jwksCacheLifetime: TimeInterval
    /// Least time between two fetches triggered by an unknown `kid` (protects the JWKS endpoint).
    public var jwksMinimumRefreshInterval: TimeInterval
    /// Time allowed for one JWKS request (connection retries included).
    public var jwksFetchTimeout: TimeInterval

    public init(
        publicKeyPEM: String? = nil,
        publicKeyFile: String? = nil,
        jwksURL: String? = nil,
        hmacSecret: String? = nil,
        algorithms: [SigningAlgorithm] = [.rs256],
        issuer: String? = nil,
        audience: String? = nil,
        leeway: TimeInterval = 30,
        jwksCacheLifetime: TimeInterval = 600,
        jwksMinimumRefreshInterval: TimeInterval = 30,
        jwksFetchTimeout: TimeInterval = 10
    ) {
        self.publicKeyPEM = publicKeyPEM
        self.publicKeyFile = publicKeyFile
        self.jwksURL = jwksURL
        self.hmacSecret = hmacSecret
        self.algorithms = algorithms
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.jwksCacheLifetime = jwksCacheLifetime
        self.jwksMinimumRefreshInterval = jwksMinimumRefreshInterval
        self.jwksFetchTimeout = jwksFetchTimeout
    }

    /// Parses a comma separated allow-list such as `RS256,ES256`; `none` and unknown names are refused.
    public static func parseAlgorithms(_ list: String) throws -> [SigningAlgorithm] {
        var result: [SigningAlgorithm] = []
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            if name.lowercased() == "none" { throw TokenVerifierConfigurationError.noneAlgorithm }
            guard let algorithm = SigningAlgorithm(rawValue: name.uppercased()) else {
                throw TokenVerifierConfigurationError.unsupportedAlgorithm(name)
            }
            if !result.contains(algorithm) { result.append(algorithm) }
        }
        guard !result.isEmpty else { throw TokenVerifierConfigurationError.emptyAlgorithmList }
        return result
    }

    /// Checks everything that can be checked without reading files or the network.
    public func validate() throws {
        guard !algorithms.isEmpty else { throw TokenVerifierConfigurationError.emptyAlgorithmList }
        guard publicKeyPEM != nil || publicKeyFile != nil || jwksURL != nil || hmacSecret != nil else {
            throw TokenVerifierConfigurationError.noKeySource
        }
        if let hmacSecret {
            let length = hmacSecret.utf8.count
            let hmacAlgorithms = algorithms.filter { $0.keyFamily == .hmac }
            guard !hmacAlgorithms.isEmpty else {
                throw TokenVerifierConfigurationError.keyDoesNotFitAlgorithms(
                    source: "JWT_HMAC_SECRET", algorithms: algorithms.map(\.rawValue))
            }
            for algorithm in [SigningAlgorithm.hs256] + hmacAlgorithms where length < algorithm.minimumHMACSecretBytes {
                throw TokenVerifierConfigurationError.hmacSecretTooShort(
                    bytes: length, minimum: algorithm.minimumHMACSecretBytes, algorithm: algorithm.rawValue)
            }
        }
        if let jwksURL {
            guard let url = URL(string: jwksURL), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host != nil
            else { throw TokenVerifierConfigurationError.invalidJWKSURL(jwksURL) }
        }
    }
}

extension TokenVerifierConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    /// Names the key sources without their contents: safe to log.
    public var description: String {
        var parts = ["algorithms: \(algorithms.map(\.rawValue).joined(separator: ","))"]
        if publicKeyPEM != nil { parts.append("publicKey: <PEM>") }
        if let publicKeyFile { parts.append("publicKeyFile: \(publicKeyFile)") }
        if let jwksURL { parts.append("jwksURL: \(jwksURL)") }
        if hmacSecret != nil { parts.append("hmacSecret: <redacted>") }
        if let issuer { parts.append("issuer: \(issuer)") }
        if let audience { parts.append("audience: \(audience)") }
        return "TokenVerifierConfiguration(" + parts.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }
}
