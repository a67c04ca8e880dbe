import Auth
import Foundation

extension ServiceSettings {
    static let tokens: [AnySetting] = [
        jwtPublicKey.erased, jwtPublicKeyFile.erased, jwtJWKSURL.erased, jwtHMACSecret.erased, jwtAlgorithms.erased,
        jwtIssuer.erased, jwtAudience.erased, jwtLeewaySeconds.erased,
    ]

    /// `\n` escapes become newlines: `.env` files often store a PEM on one line.
    public static let jwtPublicKey = Setting<String?>(
        "JWT_PUBLIC_KEY", "PEM public key (or certificate) that signs bearer tokens; one of the four key sources is required",
        default: nil, shown: "one key source required", placeholder: "pem"
    ) { $0.replacingOccurrences(of: "\\n", with: "\n") }

    public static let jwtPublicKeyFile = Setting<String?>(
        "JWT_PUBLIC_KEY_FILE", "file holding that PEM", default: nil, shown: "unset", placeholder: "path", parse: SettingParsers.text)

    /// Checked with the other key sources (`TokenVerifierConfiguration.validate`), which names it in its error.
    public static let jwtJWKSURL = Setting<String?>(
        "JWT_JWKS_URL", "JWKS endpoint (fetched, cached, refreshed on an unknown `kid`)", default: nil, shown: "unset",
        placeholder: "url", parse: SettingParsers.text)

    /// Used as its UTF-8 bytes, blanks included.
    public static let jwtHMACSecret = Setting<String?>(
        "JWT_HMAC_SECRET", "HMAC secret of HS256/384/512 tokens (≥ 32 bytes; 64 for HS512)", default: nil, shown: "unset",
        placeholder: "secret", secret: true, keepsBlanks: true, parse: SettingParsers.text)

    public static let jwtAlgorithms = Setting<[SigningAlgorithm]>(
        "JWT_ALGORITHMS", "allow-list of token algorithms, e.g. `RS256,ES256` (`none` is refused)", default: [.rs256],
        shown: "`RS256`", placeholder: "list", parse: TokenVerifierConfiguration.parseAlgorithms)

    public static let jwtIssuer = Setting<String?>(
        "JWT_ISSUER", "required `iss`", default: nil, shown: "unset", placeholder: "issuer", parse: SettingParsers.text)

    public static let jwtAudience = Setting<String?>(
        "JWT_AUDIENCE", "required member of `aud`", default: nil, shown: "unset", placeholder: "audience", parse: SettingParsers.text)

    public static let jwtLeewaySeconds = Setting<TimeInterval>(
        "JWT_LEEWAY_SECONDS", "clock skew tolerated on `exp` and `nbf`", default: 30, shown: "`30`", placeholder: "seconds"
    ) { text in
        guard let seconds = TimeInterval(text), seconds >= 0, seconds.isFinite else {
            throw TokenVerifierConfigurationError.invalidDuration(variable: "JWT_LEEWAY_SECONDS", value: text)
        }
        return seconds
    }
}

extension TokenVerifierConfiguration {
    /// The token settings, checked together (a key source is required, the HMAC secret long enough…).
    public init(settings values: SettingValues) throws {
        self.init(
            publicKeyPEM: values[ServiceSettings.jwtPublicKey],
            publicKeyFile: values[ServiceSettings.jwtPublicKeyFile],
            jwksURL: values[ServiceSettings.jwtJWKSURL],
            hmacSecret: values[ServiceSettings.jwtHMACSecret],
            algorithms: values[ServiceSettings.jwtAlgorithms],
            issuer: values[ServiceSettings.jwtIssuer],
            audience: values[ServiceSettings.jwtAudience],
            leeway: values[ServiceSettings.jwtLeewaySeconds]
        )
        try validate()
    }
}
