import Crypto
import Storage

/// Size and SHA-256 of an object as the store holds it, read back once. Flows whose bytes arrive in
/// pieces that may land on different instances (tus PATCHes, chunks) can't carry a digest's state from
/// one piece to the next, and presigned uploads never pass through this service at all.
enum StoredObjectDigest {
    static func read(key: String, from store: any ObjectStore) async throws -> (size: Int64, sha256: String) {
        var hasher = SHA256()
        var size: Int64 = 0
        for try await piece in try await store.getObject(key: key, range: nil).body {
            size += Int64(piece.readableBytes)
            piece.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        }
        return (size, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }
}
