/// Requests `LocalStore` refuses.
public enum LocalStoreError: Error, Sendable, Equatable {
    /// Empty, absolute, or with an empty, `.` or `..` segment, or inside the store's own `.multipart` folder.
    case invalidKey(String)
    /// No multipart upload with this id (never started, completed or aborted), or it belongs to another key.
    case noSuchUpload(String)
    /// Part numbers run from 1 to 10000.
    case invalidPartNumber(Int)
    /// A listed part was never uploaded, or its ETag doesn't match the stored part.
    case invalidPart(Int)
    /// Parts must be listed in ascending order without repeats, and at least one.
    case invalidPartOrder
    /// A streamed part's body was shorter or longer than the length it was announced with.
    case partLengthMismatch(Int)
    /// A part other than the last is smaller than `minimumPartSize`.
    case entityTooSmall(partNumber: Int)
    /// The root folder is missing or isn't a folder.
    case rootUnavailable(String)
}
