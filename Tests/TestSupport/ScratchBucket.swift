import Foundation
import S3Client
import Storage

/// A bucket of its own for one test, removed afterwards with its objects and unfinished multipart
/// uploads, whether the test passed or not.
public enum ScratchBucket {
    /// Runs `body` with a new bucket on `store`, reached through `client` (the store's own by default).
    /// The cleanup goes straight to the store, so a client through a faulty proxy doesn't leave it behind.
    public static func with<T>(
        on store: S3TestStore = .rgw, client: S3Client? = nil, _ body: (S3Client, String) async throws -> T
    ) async throws -> T {
        let client = try client ?? store.client()
        let bucket = "scratch-" + UUID().uuidString.lowercased().prefix(18)
        try await client.createBucket(bucket)
        do {
            let result = try await body(client, bucket)
            try await store.client().deleteBucketAndContents(bucket)
            return result
        } catch {
            try? await store.client().deleteBucketAndContents(bucket)
            throw error
        }
    }
}

extension ScratchBucket {
    /// Runs `body` with an `S3Store` on a scratch bucket of `store`.
    public static func withStore<T>(on store: S3TestStore = .rgw, _ body: (S3Store) async throws -> T) async throws -> T {
        try await with(on: store) { client, bucket in try await body(S3Store(client: client, bucket: bucket)) }
    }
}
