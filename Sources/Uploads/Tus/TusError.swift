/// Why a tus request was refused; the HTTP layer maps each case to its tus status code.
public enum TusError: Error, Sendable, Equatable {
    /// No such upload for this user (another user's upload looks exactly the same): 404.
    case notFound
    /// The upload expired (and is being or was reaped): 410.
    case expired
    /// `Upload-Offset` differs from the upload's offset: 409.
    case offsetMismatch(expected: Int64)
    /// `Upload-Checksum` does not match the PATCH body: 460, the bytes are discarded.
    case checksumMismatch
    /// An algorithm outside `Tus-Checksum-Algorithm`, or a malformed header: 400.
    case unsupportedChecksum(String)
    /// A missing or malformed header: 400.
    case invalidHeader(name: String, reason: String)
    /// PATCH without `Content-Type: application/offset+octet-stream`: 415.
    case wrongContentType
    /// The upload would exceed `Upload-Length` or `MAX_UPLOAD_BYTES`: 413.
    case tooLarge(limit: Int64)
    /// The upload already has all its bytes: 403 (its `file_id` is in HEAD and GET).
    case alreadyComplete
}
