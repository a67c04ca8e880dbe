import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// When and how often a failed request is repeated: exponential backoff with full jitter (a random delay in
/// `0...min(maximumDelay, baseDelay * 2^(retry-1))`), bounded by `maximumAttempts` and `maximumTotalTime`.
///
/// Retried: HTTP 500/502/503/504, the codes `SlowDown`, `RequestTimeout`, `InternalError`,
/// `ServiceUnavailable`, `Throttling`, `RequestLimitExceeded`, and lost connections / timeouts. A lost
/// connection is retried only for requests that are safe to repeat. Everything else (403, 404, ...) fails at once.
public struct S3RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included (1 = no retries).
    public var maximumAttempts: Int
    public var baseDelay: TimeInterval
    public var maximumDelay: TimeInterval
    /// No new attempt starts when this much time has passed since the first one began.
    public var maximumTotalTime: TimeInterval

    public init(
        maximumAttempts: Int = 5, baseDelay: TimeInterval = 0.1, maximumDelay: TimeInterval = 10,
        maximumTotalTime: TimeInterval = 300
    ) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumTotalTime = maximumTotalTime
    }

    /// A policy that never retries.
    public static let none = S3RetryPolicy(maximumAttempts: 1)

    /// Error codes worth another attempt regardless of the status.
    public static let retryableCodes: Set<String> = [
        "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException",
        "RequestLimitExceeded", "RequestThrottled",
    ]
    public static let retryableStatuses: Set<Int> = [500, 502, 503, 504]

    /// The pause before retry number `retry` (1 = the first retry).
    public func delay(beforeRetry retry: Int) -> TimeInterval {
        let ceiling = min(maximumDelay, baseDelay * pow(2, Double(max(0, retry - 1))))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }

    /// Whether an error answer deserves another attempt.
    public func isRetryable(_ error: S3Error) -> Bool {
        Self.retryableStatuses.contains(error.statusCode) || Self.retryableCodes.contains(error.code)
    }

    /// Whether a transport failure deserves another attempt; `idempotent: false` only allows failures that
    /// happened before the request could have reached the server (RFC 9110 §9.2.2: a client must not
    /// repeat a non-idempotent request on its own once the server may have acted on it).
    public func isRetryable(transportError error: any Error, idempotent: Bool) -> Bool {
        if Self.failedBeforeSending(error) { return true }
        return idempotent && Self.isTransportFailure(error)
    }

    /// Whether `error` is the connection to the store failing — refused, reset, closed early, timed out,
    /// or an answer that isn't HTTP — rather than a request the client itself refused to send or a
    /// cancellation. Such a failure is transient: the store may well answer the same request later.
    public static func isTransportFailure(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError { return transportFailureCodes.contains(error) }
        return error is NIOConnectionError || error is IOError || error is ChannelError || error is HTTPParserError
    }

    /// The HTTP client's errors for a connection that failed or a store that stopped answering.
    static let transportFailureCodes: [HTTPClientError] = [
        .remoteConnectionClosed, .readTimeout, .writeTimeout, .deadlineExceeded, .connectTimeout,
        .getConnectionFromPoolTimeout, .tlsHandshakeTimeout, .uncleanShutdown,
    ]

    /// Failures that leave no doubt the request never reached the server (no connection was made), so
    /// even a non-idempotent request may be sent again.
    static func failedBeforeSending(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .connectTimeout || error == .getConnectionFromPoolTimeout || error == .tlsHandshakeTimeout
        }
        if error is NIOConnectionError { return true }
        if case ChannelError.connectTimeout = error { return true }
        return false
    }
}
