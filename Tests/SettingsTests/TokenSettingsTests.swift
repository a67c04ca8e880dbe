import Auth
import Settings
import Testing

/// The token settings read from the environment, as `serve` reads them.
@Suite struct TokenSettingsTests {
    static let hmacSecret = "0123456789abcdef0123456789abcdef-extra"

    @Test func readsEnvironment() throws {
        let configuration = try TokenVerifierConfiguration(environment: [
            "JWT_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----",
            "JWT_ALGORITHMS": "RS256, es256,HS256",
            "JWT_HMAC_SECRET": Self.hmacSecret,
            "JWT_ISSUER": "https://issuer.example",
            "JWT_AUDIENCE": "s3uploader",
            "JWT_LEEWAY_SECONDS": "10",
        ])
        #expect(configuration.publicKeyPEM == "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
        #expect(configuration.algorithms == [.rs256, .es256, .hs256])
        #expect(configuration.issuer == "https://issuer.example")
        #expect(configuration.audience == "s3uploader")
        #expect(configuration.leeway == 10)
    }

    @Test func defaultsToRS256() throws {
        let configuration = try TokenVerifierConfiguration(environment: ["JWT_JWKS_URL": "https://id.example/jwks.json"])
        #expect(configuration.algorithms == [.rs256])
        #expect(configuration.issuer == nil && configuration.audience == nil)
    }

    @Test func requiresAKeySource() {
        #expect(throws: TokenVerifierConfigurationError.noKeySource) {
            try TokenVerifierConfiguration(environment: ["JWT_ALGORITHMS": "RS256", "JWT_PUBLIC_KEY": ""])
        }
    }

    @Test func refusesShortHMACSecretAndNonHTTPJWKSURL() {
        #expect(throws: TokenVerifierConfigurationError.hmacSecretTooShort(bytes: 31, minimum: 32, algorithm: "HS256")) {
            try TokenVerifierConfiguration(environment: ["JWT_HMAC_SECRET": String(repeating: "s", count: 31), "JWT_ALGORITHMS": "HS256"])
        }
        #expect(throws: TokenVerifierConfigurationError.hmacSecretTooShort(bytes: 38, minimum: 64, algorithm: "HS512")) {
            try TokenVerifierConfiguration(environment: ["JWT_HMAC_SECRET": Self.hmacSecret, "JWT_ALGORITHMS": "HS256,HS512"])
        }
        #expect(throws: TokenVerifierConfigurationError.invalidJWKSURL("file:///etc/passwd")) {
            try TokenVerifierConfiguration(environment: ["JWT_JWKS_URL": "file:///etc/passwd"])
        }
    }

    @Test func refusesABadLeeway() {
        #expect(throws: TokenVerifierConfigurationError.invalidDuration(variable: "JWT_LEEWAY_SECONDS", value: "soon")) {
            try TokenVerifierConfiguration(environment: ["JWT_JWKS_URL": "https://id.example/jwks.json", "JWT_LEEWAY_SECONDS": "soon"])
        }
    }
}

extension TokenVerifierConfiguration {
    init(environment: [String: String]) throws {
        try self.init(settings: SettingValues(reading: ServiceSettings.serve, environment: environment))
    }
}
