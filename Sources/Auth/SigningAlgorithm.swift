/// The JWS algorithms the verifier understands (RFC 7518 names). `none` is deliberately absent.
public enum SigningAlgorithm: String, Sendable, Hashable, CaseIterable {
    case rs256 = "RS256"
    case rs384 = "RS384"
    case rs512 = "RS512"
    case ps256 = "PS256"
    case ps384 = "PS384"
    case ps512 = "PS512"
    case es256 = "ES256"
    case es384 = "ES384"
    case es512 = "ES512"
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"

    /// The kind of key an algorithm needs.
    public enum KeyFamily: Sendable, Hashable {
        case rsa
        case ecdsa(curve: String)
        case hmac
    }

    public var keyFamily: KeyFamily {
        switch self {
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: .rsa
        case .es256: .ecdsa(curve: "P-256")
        case .es384: .ecdsa(curve: "P-384")
        case .es512: .ecdsa(curve: "P-521")
        case .hs256, .hs384, .hs512: .hmac
        }
    }

    /// Shortest HMAC secret RFC 7518 §3.2 allows for this algorithm (the hash output size).
    var minimumHMACSecretBytes: Int {
        switch self {
        case .hs384: 48
        case .hs512: 64
        default: 32
        }
    }
}
