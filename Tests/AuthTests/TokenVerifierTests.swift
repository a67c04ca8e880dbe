import Auth
import Foundation
import JWTKit
import Testing

@Suite struct TokenVerifierTests {
    func rsaVerifier(
        algorithms: [SigningAlgorithm] = [.rs256], issuer: String? = nil, audience: String? = nil
    ) async throws -> TokenVerifier {
        try await TokenVerifier(
            configuration: .init(
                publicKeyPEM: TestKeys.rsa.publicKey.pemRepresentation, algorithms: algorithms,
                issuer: issuer, audience: audience),
            httpClient: nil)
    }

    @Test func acceptsValidRS256Token() async throws {
        let verifier = try await rsaVerifier()
        let token = try await TestKeys.sign(.valid(sub: "alice"))
        #expect(try await verifier.verify(token) == AuthenticatedUser(id: "alice"))
    }

    @Test func acceptsValidES256Token() async throws {
        let key = ES256PrivateKey()
        let verifier = try await TokenVerifier(
            configuration: .init(publicKeyPEM: key.publicKey.pemRepresentation, algorithms: [.es256]), httpClient: nil)
        let token = try await TestKeys.sign(.valid(sub: "bob"), ecdsa: key)
        #expect(try await verifier.verify(token).id == "bob")
    }

    @Test func acceptsHS256WithLongSecret() async throws {
        let verifier = try await TokenVerifier(
            configuration: .init(hmacSecret: TestKeys.hmacSecret, algorithms: [.hs256]), httpClient: nil)
        let token = try await TestKeys.sign(.valid(sub: "carol"), hmacSecret: TestKeys.hmacSecret)
        #expect(try await verifier.verify(token).id == "carol")
        let forged = try await TestKeys.sign(.valid(sub: "carol"), hmacSecret: TestKeys.hmacSecret + "x")
        await #expect(throws: TokenVerificationError.badSignature) { try await verifier.verify(forged) }
    }

    @Test func refusesExpiredToken() async throws {
        let verifier = try await rsaVerifier()
        let token = try await TestKeys.sign(.valid(expiresIn: -120))
        await #expect(throws: TokenVerificationError.expired) { try await verifier.verify(token) }
    }

    @Test func toleratesSmallClockSkewOnExpiry() async throws {
        let verifier = try await rsaVerifier()
        let token = try await TestKeys.sign(.valid(sub: "skewed", expiresIn: -5))
        #expect(try await verifier.verify(token).id == "skewed")
    }

    @Test func refusesTokenWithoutExpiry() async throws {
        let verifier = try await rsaVerifier()
        let token = try await TestKeys.sign(TestClaims(sub: "alice"))
        await #expect(throws: TokenVerificationError.missingExpiration) { try await verifier.verify(token) }
    }

    @Test func refusesNotYetValidToken() async throws {
        let verifier = try await rsaVerifier()
        var claims = TestClaims.valid()
        claims.nbf = Int(Date().timeIntervalSince1970) + 120
        let token = try await TestKeys.sign(claims)
        await #expect(throws: TokenVerificationError.notYetValid) { try await verifier.verify(token) }
    }

    @Test func checksIssuer() async throws {
        let verifier = try await rsaVerifier(issuer: "https://issuer.example")
        var claims = TestClaims.valid()
        claims.iss = "https://evil.example"
        await #expect(throws: TokenVerificationError.wrongIssuer) {
            try await verifier.verify(try await TestKeys.sign(claims))
        }
        claims.iss = "https://issuer.example"
        #expect(try await verifier.verify(try await TestKeys.sign(claims)).id == "alice")
    }

    @Test func checksAudienceAsStringOrArray() async throws {
        let verifier = try await rsaVerifier(audience: "s3uploader")
        var claims = TestClaims.valid()
        await #expect(throws: TokenVerificationError.wrongAudience) {
            try await verifier.verify(try await TestKeys.sign(claims))
        }
        claims.aud = AudienceClaim(value: ["other-service"])
        await #expect(throws: TokenVerificationError.wrongAudience) {
            try await verifier.verify(try await TestKeys.sign(claims))
        }
        claims.aud = AudienceClaim(value: ["other-service", "s3uploader"])
        #expect(try await verifier.verify(try await TestKeys.sign(claims)).id == "alice")
        claims.aud = AudienceClaim(value: "s3uploader")
        #expect(try await verifier.verify(try await TestKeys.sign(claims)).id == "alice")
    }

    @Test func refusesAlgNone() async throws {
        let verifier = try await rsaVerifier()
        let exp = Int(Date().timeIntervalSince1970) + 300
        let token = TestKeys.handCrafted(header: #"{"alg":"none","typ":"JWT"}"#, payload: #"{"sub":"mallory","exp":\#(exp)}"#)
        await #expect(throws: TokenVerificationError.algorithmNotAllowed("none")) { try await verifier.verify(token) }
    }

    @Test func refusesAlgorithmOutsideAllowList() async throws {
        let verifier = try await rsaVerifier(algorithms: [.rs256])
        let rs384 = try await TestKeys.sign(.valid(), digest: .sha384)
        await #expect(throws: TokenVerificationError.algorithmNotAllowed("RS384")) { try await verifier.verify(rs384) }
        // The classic confusion attack: HMAC "signed" with the RSA public key as secret.
        let confused = try await TestKeys.sign(.valid(), hmacSecret: TestKeys.rsa.publicKey.pemRepresentation)
        await #expect(throws: TokenVerificationError.algorithmNotAllowed("HS256")) { try await verifier.verify(confused) }
    }

    @Test func refusesBadSignature() async throws {
        let verifier = try await rsaVerifier()
        let otherKey = try await TestKeys.sign(.valid(), rsa: TestKeys.otherRSA)
        await #expect(throws: TokenVerificationError.badSignature) { try await verifier.verify(otherKey) }

        let genuine = try await TestKeys.sign(.valid(sub: "alice"))
        let parts = genuine.split(separator: ".")
        let tampered = parts[0] + "." + TestKeys.base64URL(Data(#"{"sub":"admin","exp":9999999999}"#.utf8)) + "." + parts[2]
        await #expect(throws: TokenVerificationError.badSignature) { try await verifier.verify(String(tampered)) }
    }

    @Test func refusesMissingOrEmptySubject() async throws {
        let verifier = try await rsaVerifier()
        await #expect(throws: TokenVerificationError.missingSubject) {
            try await verifier.verify(try await TestKeys.sign(.valid(sub: nil)))
        }
        await #expect(throws: TokenVerificationError.missingSubject) {
            try await verifier.verify(try await TestKeys.sign(.valid(sub: " ")))
        }
    }

    @Test(arguments: ["", "abc", "a.b", "a.b.c.d", "!!.??.**", "e30.e30.", "eyJhbGciOjF9.e30.x"])
    func refusesMalformedTokens(token: String) async throws {
        let verifier = try await rsaVerifier()
        let error = await #expect(throws: TokenVerificationError.self) { try await verifier.verify(token) }
        if token.isEmpty {
            #expect(error == .missing)
        } else if case .malformed = error {
        } else {
            Issue.record("expected .malformed, got \(String(describing: error))")
        }
    }

    @Test func messagesDoNotEchoTokensOrSecrets() async throws {
        let verifier = try await TokenVerifier(
            configuration: .init(hmacSecret: TestKeys.hmacSecret, algorithms: [.hs256]), httpClient: nil)
        let token = try await TestKeys.sign(.valid(expiresIn: -100), hmacSecret: TestKeys.hmacSecret)
        let error = await #expect(throws: TokenVerificationError.self) { try await verifier.verify(token) }
        let message = error?.message ?? ""
        #expect(!message.isEmpty)
        #expect(!message.contains(token) && !message.contains(TestKeys.hmacSecret))
    }
}
