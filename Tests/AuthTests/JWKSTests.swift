import Auth
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

/// What the local JWKS endpoint serves, and how often it was asked.
final class JWKSEndpoint: @unchecked Sendable {
    private let lock = NSLock()
    private var _json = #"{"keys":[]}"#
    private var _fetches = 0

    var json: String {
        get { lock.withLock { _json } }
        set { lock.withLock { _json = newValue } }
    }
    var fetches: Int { lock.withLock { _fetches } }

    func serve() -> String {
        lock.withLock {
            _fetches += 1
            return _json
        }
    }

    /// Runs `body` with the URL of a live server on a free 127.0.0.1 port.
    func run(_ body: @Sendable @escaping (String) async throws -> Void) async throws {
        let router = Router()
        router.get("jwks.json") { _, _ -> Response in
            let buffer = ByteBuffer(string: self.serve())
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/jwks.json")
        }
    }
}

@Suite struct JWKSTests {
    @Test func verifiesWithJWKSAndFollowsKeyRotation() async throws {
        let endpoint = JWKSEndpoint()
        let ecKey = ES256PrivateKey()
        endpoint.json = try TestKeys.jwksJSON([try TestKeys.jwk(rsa: TestKeys.rsa, kid: "rsa-1")])
        try await endpoint.run { url in
            let verifier = try await TokenVerifier(
                configuration: .init(jwksURL: url, algorithms: [.rs256, .es256], jwksMinimumRefreshInterval: 0),
                httpClient: nil)
            #expect(endpoint.fetches == 1)
            #expect(try await verifier.verify(try await TestKeys.sign(.valid(sub: "alice"), kid: "rsa-1")).id == "alice")
            #expect(endpoint.fetches == 1, "a known kid is served from the cache")

            // Rotation: the issuer publishes a new EC key; a token naming it triggers one refresh.
            endpoint.json = try TestKeys.jwksJSON([
                try TestKeys.jwk(rsa: TestKeys.rsa, kid: "rsa-1"), TestKeys.jwk(ecdsa: ecKey, kid: "ec-2"),
            ])
            #expect(try await verifier.verify(try await TestKeys.sign(.valid(sub: "bob"), ecdsa: ecKey, kid: "ec-2")).id == "bob")
            #expect(endpoint.fetches == 2)

            // The old key is withdrawn: once the set is refetched, its tokens fail.
            endpoint.json = try TestKeys.jwksJSON([TestKeys.jwk(ecdsa: ecKey, kid: "ec-2")])
            await #expect(throws: TokenVerificationError.unknownKey(kid: "unknown")) {
                try await verifier.verify(try await TestKeys.sign(.valid(), kid: "unknown"))
            }
            #expect(endpoint.fetches == 3)
            await #expect(throws: TokenVerificationError.unknownKey(kid: "rsa-1")) {
                try await verifier.verify(try await TestKeys.sign(.valid(), kid: "rsa-1"))
            }

            // A token signed by another key under a known kid is a bad signature, not a reason to refetch.
            let fetchesBefore = endpoint.fetches
            await #expect(throws: TokenVerificationError.badSignature) {
                try await verifier.verify(try await TestKeys.sign(.valid(), ecdsa: ES256PrivateKey(), kid: "ec-2"))
            }
            #expect(endpoint.fetches == fetchesBefore)
        }
    }

    @Test func rateLimitsRefetchesForUnknownKids() async throws {
        let endpoint = JWKSEndpoint()
        endpoint.json = try TestKeys.jwksJSON([try TestKeys.jwk(rsa: TestKeys.rsa, kid: "rsa-1")])
        try await endpoint.run { url in
            let verifier = try await TokenVerifier(
                configuration: .init(jwksURL: url, jwksMinimumRefreshInterval: 60), httpClient: nil)
            for attempt in 0..<5 {
                await #expect(throws: TokenVerificationError.unknownKey(kid: "kid-\(attempt)")) {
                    try await verifier.verify(try await TestKeys.sign(.valid(), kid: "kid-\(attempt)"))
                }
            }
            #expect(endpoint.fetches == 1)
        }
    }

    @Test func skipsUnusableKeysAndHonoursKeyAlgorithm() async throws {
        let endpoint = JWKSEndpoint()
        let rsaJWK = try TestKeys.jwk(rsa: TestKeys.rsa, kid: "rsa-1", alg: "RS512")
        endpoint.json = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                "keys": [
                    ["kty": "oct", "kid": "secret", "k": "c2VjcmV0"],
                    ["kty": "OKP", "crv": "Ed25519", "kid": "ed", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"],
                    rsaJWK,
                ]
            ]), as: UTF8.self)
        try await endpoint.run { url in
            let verifier = try await TokenVerifier(
                configuration: .init(jwksURL: url, algorithms: [.rs256, .rs512], jwksMinimumRefreshInterval: 60),
                httpClient: nil)
            #expect(try await verifier.verify(try await TestKeys.sign(.valid(), digest: .sha512, kid: "rsa-1")).id == "alice")
            // The JWK says RS512: the same key must not verify RS256 tokens.
            await #expect(throws: TokenVerificationError.unknownKey(kid: "rsa-1")) {
                try await verifier.verify(try await TestKeys.sign(.valid(), kid: "rsa-1"))
            }
        }
    }

    @Test func unreachableJWKSIsReportedAsUnavailable() async throws {
        // Nothing listens on port 9 of 127.0.0.1 here (discard service is not installed).
        let verifier = try await TokenVerifier(
            configuration: .init(
                jwksURL: "http://127.0.0.1:9/jwks.json", jwksMinimumRefreshInterval: 0, jwksFetchTimeout: 0.5),
            httpClient: nil)
        await #expect(throws: TokenVerificationError.keySetUnavailable) {
            try await verifier.verify(try await TestKeys.sign(.valid(), kid: "rsa-1"))
        }
    }
}
