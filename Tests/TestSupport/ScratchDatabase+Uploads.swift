import PostgresNIO

extension ScratchDatabase {
    /// Rows of `uploads` (all users, all statuses): what a failed or deleted upload must not leave behind.
    public func uploadCount() async throws -> Int {
        try await withClient { client in
            for try await count in try await client.query("SELECT count(*) FROM uploads", logger: Self.logger).decode(Int.self) {
                return count
            }
            return 0
        }
    }
}
