/// Why the token verifier could not be configured. Messages name the variable to fix and never
/// contain secret values.
public enum TokenVerifierConfigurationError: Error, Sendable, Hashable {
    /// None of `JWT_PUBLIC_KEY`, `JWT_PUBLIC_KEY_FILE`, `JWT_JWKS_URL`, `JWT_HMAC_SECRET` is set.
    case noKeySource
    case emptyAlgorithmList
    case unsupportedAlgorithm(String)
    case noneAlgorithm
    case hmacSecretTooShort(bytes: Int, minimum: Int, algorithm: String)
    case unreadableKeyFile(path: String, reason: String)
    case invalidPublicKey(source: String, reason: String)
    case invalidJWKSURL(String)
    /// An allowed algorithm has no key that could verify it, or a key fits no allowed algorithm.
    case keyDoesNotFitAlgorithms(source: String, algorithms: [String])
    case invalidDuration(variable: String, value: String)

    public var message: String {
        switch self {
        case .noKeySource:
            "No token verification key configured: set JWT_PUBLIC_KEY, JWT_PUBLIC_KEY_FILE, JWT_JWKS_URL or JWT_HMAC_SECRET."
        case .emptyAlgorithmList:
            "JWT_ALGORITHMS is empty: list at least one algorithm, e.g. RS256."
        case .unsupportedAlgorithm(let name):
            "JWT_ALGORITHMS contains \"\(name)\", which is not supported (use RS256/384/512, PS256/384/512, ES256/384/512, HS256/384/512)."
        case .noneAlgorithm:
            "JWT_ALGORITHMS must not contain \"none\": unsigned tokens are never accepted."
        case .hmacSecretTooShort(let bytes, let minimum, let algorithm):
            "JWT_HMAC_SECRET is \(bytes) bytes long; \(algorithm) needs at least \(minimum) bytes (e.g. `openssl rand -base64 48`)."
        case .unreadableKeyFile(let path, let reason):
            "JWT_PUBLIC_KEY_FILE \(path) cannot be read: \(reason)."
        case .invalidPublicKey(let source, let reason):
            "\(source) is not a usable public key: \(reason)."
        case .invalidJWKSURL(let value):
            "JWT_JWKS_URL \"\(value)\" is not an http(s) URL."
        case .keyDoesNotFitAlgorithms(let source, let algorithms):
            "The key from \(source) cannot verify any of the allowed algorithms (\(algorithms.joined(separator: ","))); adjust JWT_ALGORITHMS."
        case .invalidDuration(let variable, let value):
            "\(variable) \"\(value)\" is not a number of seconds."
        }
    }
}

extension TokenVerifierConfigurationError: CustomStringConvertible {
    public var description: String { message }
}
