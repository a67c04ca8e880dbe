import Auth
import Foundation
import Testing

@Suite struct TokenVerifierConfigurationTests {
    @Test func descriptionRedactsSecret() throws {
        let configuration = TokenVerifierConfiguration(hmacSecret: TestKeys.hmacSecret, algorithms: [.hs256])
        for text in [String(describing: configuration), String(reflecting: configuration), "\(configuration)"] {
            #expect(!text.contains(TestKeys.hmacSecret))
            #expect(text.contains("HS256"))
        }
    }

    @Test func refusesShortHMACSecret() async {
        let error = #expect(throws: TokenVerifierConfigurationError.self) {
            try TokenVerifierConfiguration(hmacSecret: String(repeating: "s", count: 31), algorithms: [.hs256]).validate()
        }
        #expect(error == .hmacSecretTooShort(bytes: 31, minimum: 32, algorithm: "HS256"))
        #expect(error?.message.contains("at least 32 bytes") == true)
        #expect(error?.message.contains(String(repeating: "s", count: 31)) == false)
        // The memberwise path is checked too, before jwt-kit ever sees the key.
        await #expect(throws: TokenVerifierConfigurationError.self) {
            try await TokenVerifier(configuration: .init(hmacSecret: "short", algorithms: [.hs256]), httpClient: nil)
        }
        // HS512 needs 64 bytes.
        #expect(throws: TokenVerifierConfigurationError.hmacSecretTooShort(bytes: 38, minimum: 64, algorithm: "HS512")) {
            try TokenVerifierConfiguration(hmacSecret: TestKeys.hmacSecret, algorithms: [.hs256, .hs512]).validate()
        }
    }

    @Test func refusesNoneAndUnknownAlgorithms() {
        #expect(throws: TokenVerifierConfigurationError.noneAlgorithm) {
            try TokenVerifierConfiguration.parseAlgorithms("RS256,none")
        }
        #expect(throws: TokenVerifierConfigurationError.unsupportedAlgorithm("XS256")) {
            try TokenVerifierConfiguration.parseAlgorithms("XS256")
        }
        #expect(throws: TokenVerifierConfigurationError.emptyAlgorithmList) {
            try TokenVerifierConfiguration.parseAlgorithms(" , ")
        }
    }

    @Test func refusesKeysThatFitNoAllowedAlgorithm() async {
        let error = await #expect(throws: TokenVerifierConfigurationError.self) {
            try await TokenVerifier(
                configuration: .init(publicKeyPEM: TestKeys.rsa.publicKey.pemRepresentation, algorithms: [.es256]),
                httpClient: nil)
        }
        guard case .keyDoesNotFitAlgorithms = error else {
            Issue.record("expected keyDoesNotFitAlgorithms, got \(String(describing: error))")
            return
        }
    }

    @Test func refusesPrivateKeysAndGarbage() async {
        await #expect(throws: TokenVerifierConfigurationError.self) {
            try await TokenVerifier(configuration: .init(publicKeyPEM: TestKeys.rsa.pemRepresentation), httpClient: nil)
        }
        await #expect(throws: TokenVerifierConfigurationError.self) {
            try await TokenVerifier(configuration: .init(publicKeyPEM: "not a key"), httpClient: nil)
        }
        await #expect(throws: TokenVerifierConfigurationError.self) {
            try await TokenVerifier(configuration: .init(publicKeyFile: "/nonexistent/key.pem"), httpClient: nil)
        }
    }

    @Test func refusesNonHTTPJWKSURL() {
        #expect(throws: TokenVerifierConfigurationError.invalidJWKSURL("file:///etc/passwd")) {
            try TokenVerifierConfiguration(jwksURL: "file:///etc/passwd").validate()
        }
    }

    @Test func readsPublicKeyFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-\(UUID()).pem").path
        try TestKeys.rsa.publicKey.pemRepresentation.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let verifier = try await TokenVerifier(
            configuration: TokenVerifierConfiguration(publicKeyFile: path), httpClient: nil)
        #expect(try await verifier.verify(try await TestKeys.sign(.valid(sub: "file-user"))).id == "file-user")
    }
}
