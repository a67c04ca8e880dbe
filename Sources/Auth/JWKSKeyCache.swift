import AsyncHTTPClient
import Foundation
import Logging

/// Keys fetched from `JWT_JWKS_URL`: cached for `lifetime`, fetched again when a token names an
/// unknown `kid` (at most once per `minimumRefreshInterval`), and kept when a fetch fails.
actor JWKSKeyCache {
    private let url: String
    private let httpClient: HTTPClient
    private let allowed: [SigningAlgorithm]
    private let lifetime: Duration
    private let minimumRefreshInterval: Duration
    private let fetchTimeout: TimeInterval
    private let logger: Logger

    private(set) var keys: [VerificationKey] = []
    private var lastSuccess: ContinuousClock.Instant?
    private var lastAttempt: ContinuousClock.Instant?
    private var inFlight: Task<Void, Never>?

    /// Largest JWKS document accepted.
    static let maximumDocumentBytes = 1 << 20

    init(
        url: String, httpClient: HTTPClient, allowed: [SigningAlgorithm],
        lifetime: TimeInterval, minimumRefreshInterval: TimeInterval, fetchTimeout: TimeInterval, logger: Logger
    ) {
        self.url = url
        self.httpClient = httpClient
        self.allowed = allowed
        self.lifetime = .milliseconds(Int64(lifetime * 1000))
        self.minimumRefreshInterval = .milliseconds(Int64(minimumRefreshInterval * 1000))
        self.fetchTimeout = fetchTimeout
        self.logger = logger
    }

    var hasKeys: Bool { !keys.isEmpty }

    /// The cached keys, fetched first when none were fetched yet or the cache is older than its lifetime.
    func currentKeys() async -> [VerificationKey] {
        let now = ContinuousClock.now
        let stale = lastSuccess.map { now - $0 >= lifetime } ?? true
        if stale, mayAttempt(at: now) {
            await refresh()
        }
        return keys
    }

    /// Fetches again because a token named a key the cache does not have. Returns false when
    /// rate-limited.
    func refreshForUnknownKey() async -> Bool {
        guard mayAttempt(at: .now) else { return false }
        await refresh()
        return true
    }

    private func mayAttempt(at now: ContinuousClock.Instant) -> Bool {
        lastAttempt.map { now - $0 >= minimumRefreshInterval } ?? true
    }

    /// One fetch at a time; concurrent callers wait for the fetch under way.
    func refresh() async {
        if let inFlight {
            await inFlight.value
            return
        }
        lastAttempt = .now
        let task = Task { await self.fetchAndStore() }
        inFlight = task
        await task.value
        inFlight = nil
    }

    private func fetchAndStore() async {
        do {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/jwk-set+json, application/json")
            let response = try await httpClient.execute(request, timeout: .milliseconds(Int64(fetchTimeout * 1000)))
            guard response.status.code == 200 else {
                throw JWKSFetchError(description: "HTTP status \(response.status.code)")
            }
            let body = try await response.body.collect(upTo: Self.maximumDocumentBytes)
            let set = try JSONDecoder().decode(JSONWebKeySet.self, from: Data(body.readableBytesView))
            let fresh = await set.verificationKeys(allowed: allowed)
            if fresh.isEmpty {
                throw JWKSFetchError(description: "the set has no key usable with \(allowed.map(\.rawValue))")
            }
            keys = fresh
            lastSuccess = .now
            logger.debug("Fetched JWKS", metadata: ["jwks.url": "\(url)", "jwks.keys": "\(fresh.count)"])
        } catch {
            logger.warning(
                "Could not fetch JWKS; keeping \(keys.count) cached key(s)",
                metadata: ["jwks.url": "\(url)", "error": "\(error)"])
        }
    }
}

struct JWKSFetchError: Error, CustomStringConvertible {
    let description: String
}
