import Storage

/// Where a received chunk's bytes are kept until `complete`.
enum StoredChunk: Sendable, Equatable {
    /// A temporary object under `.tmp/chunks/`.
    case object(key: String, size: Int64)
    /// Parts of the session's multipart upload, in order.
    case parts([CompletedPart], size: Int64)

    var size: Int64 {
        switch self {
        case .object(_, let size), .parts(_, let size): size
        }
    }

    /// The temporary object's key; `nil` for parts.
    var temporaryKey: String? {
        if case .object(let key, _) = self { return key }
        return nil
    }

    /// The `chunked_upload_chunks.parts` text: "number:etag" lines, empty for a temporary object.
    var partList: String {
        if case .parts(let parts, _) = self { return TusPartList.encode(parts) }
        return ""
    }
}
