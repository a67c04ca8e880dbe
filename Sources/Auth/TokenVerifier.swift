import AsyncHTTPClient
import Foundation
import Logging

/// Verifies bearer tokens (JWS compact JWTs) and names their user.
///
/// Checks, in order: structure, `alg` against the allow-list (`none` never passes), the signature with
/// a configured key (static PEM/HMAC keys, then JWKS keys matching `kid`), `exp` (required) and `nbf`
/// with leeway, `iss` and `aud` when configured, and a non-empty `sub`.
public final class TokenVerifier: Sendable {
    public let configuration: TokenVerifierConfiguration
    private let staticKeys: [VerificationKey]
    private let jwks: JWKSKeyCache?

    /// Reads key files and, with `jwksURL`, fetches the key set once (a failed fetch is logged and
    /// retried on demand). `httpClient` defaults to `HTTPClient.shared` when a JWKS URL is configured.
    public init(
        configuration: TokenVerifierConfiguration,
        httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "s3uploader.auth")
    ) async throws {
        try configuration.validate()
        self.configuration = configuration
        let allowed = configuration.algorithms

        var keys: [VerificationKey] = []
        var pemSources: [(pem: String, source: String)] = []
        if let pem = configuration.publicKeyPEM { pemSources.append((pem, "JWT_PUBLIC_KEY")) }
        if let path = configuration.publicKeyFile {
            do {
                pemSources.append((try String(contentsOfFile: path, encoding: .utf8), "JWT_PUBLIC_KEY_FILE \(path)"))
            } catch {
                throw TokenVerifierConfigurationError.unreadableKeyFile(path: path, reason: Self.fileErrorReason(error))
            }
        }
        for (pem, source) in pemSources {
            let material = try PublicKeyMaterial(pem: pem, source: source)
            let algorithms = material.usableAlgorithms(from: allowed)
            guard !algorithms.isEmpty else {
                throw TokenVerifierConfigurationError.keyDoesNotFitAlgorithms(
                    source: source, algorithms: allowed.map(\.rawValue))
            }
            for algorithm in algorithms {
                keys.append(try await VerificationKey.make(material: material, algorithm: algorithm, kid: nil))
            }
        }
        if let secret = configuration.hmacSecret {
            for algorithm in allowed where algorithm.keyFamily == .hmac {
                keys.append(try await VerificationKey.make(hmacSecret: Array(secret.utf8), algorithm: algorithm))
            }
        }
        self.staticKeys = keys

        if let url = configuration.jwksURL {
            let cache = JWKSKeyCache(
                url: url, httpClient: httpClient ?? .shared, allowed: allowed,
                lifetime: configuration.jwksCacheLifetime,
                minimumRefreshInterval: configuration.jwksMinimumRefreshInterval,
                fetchTimeout: configuration.jwksFetchTimeout, logger: logger)
            await cache.refresh()
            self.jwks = cache
        } else {
            self.jwks = nil
        }
    }

    /// Returns the token's user, or throws a ``TokenVerificationError``.
    public func verify(_ token: String) async throws -> AuthenticatedUser {
        let token = token.trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw TokenVerificationError.missing }
        let jws = try CompactJWS(token)
        guard let algorithm = SigningAlgorithm(rawValue: jws.header.alg),
            configuration.algorithms.contains(algorithm)
        else { throw TokenVerificationError.algorithmNotAllowed(jws.header.alg) }
        let kid = jws.header.kid

        var candidates = staticKeys.filter { $0.algorithm == algorithm }
        if verifySignature(jws, with: candidates) {
            return try validateClaims(jws)
        }
        if let jwks {
            func matching(_ keys: [VerificationKey]) -> [VerificationKey] {
                keys.filter { $0.algorithm == algorithm && (kid == nil || $0.kid == nil || $0.kid == kid) }
            }
            var jwksCandidates = matching(await jwks.currentKeys())
            let knowsKid = kid.map { kid in jwksCandidates.contains { $0.kid == kid } } ?? !jwksCandidates.isEmpty
            if !knowsKid, await jwks.refreshForUnknownKey() {
                jwksCandidates = matching(await jwks.keys)
            }
            if verifySignature(jws, with: jwksCandidates) {
                return try validateClaims(jws)
            }
            candidates += jwksCandidates
            if candidates.isEmpty, await !jwks.hasKeys {
                throw TokenVerificationError.keySetUnavailable
            }
        }
        guard !candidates.isEmpty else { throw TokenVerificationError.unknownKey(kid: kid) }
        throw TokenVerificationError.badSignature
    }

    private func verifySignature(_ jws: CompactJWS, with keys: [VerificationKey]) -> Bool {
        keys.contains { $0.verifies(signature: jws.signature, signingInput: jws.signingInput) }
    }

    private func validateClaims(_ jws: CompactJWS) throws -> AuthenticatedUser {
        try TokenClaims.decode(jws.payload).validate(
            now: Date(), leeway: configuration.leeway,
            issuer: configuration.issuer, audience: configuration.audience)
    }

    private static func fileErrorReason(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoPermissionError { return "permission denied" }
        return nsError.localizedDescription
    }
}
