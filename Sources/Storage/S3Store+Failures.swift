import S3Client

extension S3Store {
    /// Runs S3 requests for this store and reports their failure in the store's own words (see
    /// `ObjectStoreError`), so that callers above Storage never see S3 or HTTP-client errors.
    @discardableResult
    func translatingFailures<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch {
            throw Self.storeError(for: error)
        }
    }

    /// `ObjectStoreError.unavailable` for what may pass (the connection failed, S3 timed out, throttled or
    /// answered a 5xx, after the client's own retries), `.failed` for an answer that won't change by
    /// asking again (403, a missing bucket, an answer the client can't use); anything else — a
    /// cancellation, a `notFound` already translated, the caller's own errors — unchanged.
    static func storeError(for error: any Error) -> any Error {
        switch error {
        case let error as S3Error:
            if S3RetryPolicy().isRetryable(error) || error.statusCode == 429 {
                return ObjectStoreError.unavailable(reason: error.description)
            }
            return ObjectStoreError.failed(reason: error.description)
        case S3ClientError.unexpectedResponse(let what):
            return ObjectStoreError.failed(reason: what)
        default:
            if S3RetryPolicy.isTransportFailure(error) {
                return ObjectStoreError.unavailable(reason: "\(error)")
            }
            return error
        }
    }
}
