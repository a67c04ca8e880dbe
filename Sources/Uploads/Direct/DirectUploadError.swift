/// Why a presign, confirm or status request was refused; the HTTP layer maps each case to a problem type.
public enum DirectUploadError: Error, Sendable, Equatable {
    /// Field name → message.
    case invalidRequest([String: String])
    case extensionNotAllowed(String, allowed: [String])
    case tooLarge(limit: Int64)
    /// No such upload for this caller (another user's looks the same).
    case notFound
    /// Confirm before the object was uploaded.
    case objectMissing
    /// The uploaded object does not match the presigned request; it has been deleted.
    case objectMismatch(String)
    /// The upload expired (or was deleted) before it was confirmed.
    case expired
    /// A local-backend `/objects` request whose signature is missing, wrong or expired.
    case invalidSignature(String)
    /// A local-backend `/objects` body that breaks the grant (wrong size, malformed form).
    case bodyRejected(String)
}
