import PostgresNIO

/// Transactions whose failure reads as what went wrong inside them.
public enum PostgresTransactions {
    /// Runs `body`, rethrowing a transaction's own error (the body's, or else the commit's or the
    /// BEGIN's) instead of PostgresNIO's `PostgresTransactionError` wrapper, so callers can match
    /// the errors their own code throws.
    public static func unwrapping<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }
}
