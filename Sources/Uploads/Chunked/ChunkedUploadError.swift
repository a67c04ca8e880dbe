/// Why a request of the chunk API was refused; the HTTP layer maps each case to a problem type.
public enum ChunkedUploadError: Error, Sendable, Equatable {
    /// No such session for this user (another user's session looks exactly the same).
    case sessionNotFound
    /// The session was already completed into a file.
    case alreadyCompleted
    /// A required form or JSON field is missing or unusable.
    case invalidField(name: String, reason: String)
    /// `complete` was called while these chunk indexes (0-based) are missing.
    case missingChunks([Int])
    /// Chunks at or beyond `total_chunks` were sent.
    case unexpectedChunks([Int])
}
