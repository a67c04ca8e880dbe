import NIOCore

/// A store that takes a multipart upload's part while its bytes are still arriving, given the part's
/// length up front, so a large upload needs no part buffers.
public protocol PartStreamingStore: ObjectStore {
    /// Whether `uploadPart(…, length:, body:)` can be used (S3: only when object data is sent unsigned).
    var streamsParts: Bool { get }

    /// Stores part `partNumber` of `length` bytes, read from `body` as they are sent. Retried only while
    /// the body is still unread: bytes already sent can't be sent again without the buffer streaming avoids.
    func uploadPart<Body: AsyncSequence & Sendable>(
        key: String, uploadID: String, partNumber: Int, length: Int64, body: Body
    ) async throws -> CompletedPart where Body.Element == ByteBuffer

    /// Cuts the object under `key` down to its first `size` bytes, keeping `contentType`.
    func truncateObject(key: String, toSize size: Int64, contentType: String?) async throws
}
