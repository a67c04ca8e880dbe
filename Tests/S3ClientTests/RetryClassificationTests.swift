import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@testable import S3Client

/// Which failures count as the connection to the store failing (transient), and which of them a request
/// that must not run twice may still repeat.
struct RetryClassificationTests {
    static let reset = IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)")

    @Test func lostConnectionsAndTimeoutsAreTransportFailures() {
        for error: any Error in [
            Self.reset, HTTPClientError.remoteConnectionClosed, HTTPClientError.readTimeout, HTTPClientError.writeTimeout,
            HTTPClientError.deadlineExceeded, HTTPClientError.connectTimeout, HTTPClientError.getConnectionFromPoolTimeout,
            ChannelError.ioOnClosedChannel, ChannelError.eof,
        ] {
            #expect(S3RetryPolicy.isTransportFailure(error), "\(error)")
        }
    }

    @Test func ownMistakesCancellationsAndAnswersAreNot() {
        for error: any Error in [
            HTTPClientError.invalidURL, HTTPClientError.bodyLengthMismatch, HTTPClientError.cancelled, CancellationError(),
            S3Error(code: "SlowDown", statusCode: 503), S3ClientError.unexpectedResponse("no upload id"),
        ] {
            #expect(!S3RetryPolicy.isTransportFailure(error), "\(error)")
        }
    }

    @Test func aRequestThatMustNotRunTwiceIsRepeatedOnlyWhenItNeverLeft() {
        let policy = S3RetryPolicy()
        #expect(policy.isRetryable(transportError: HTTPClientError.connectTimeout, idempotent: false))
        #expect(policy.isRetryable(transportError: HTTPClientError.getConnectionFromPoolTimeout, idempotent: false))
        #expect(!policy.isRetryable(transportError: Self.reset, idempotent: false))
        #expect(!policy.isRetryable(transportError: HTTPClientError.remoteConnectionClosed, idempotent: false))
        #expect(policy.isRetryable(transportError: Self.reset, idempotent: true))
        #expect(policy.isRetryable(transportError: HTTPClientError.remoteConnectionClosed, idempotent: true))
    }
}
