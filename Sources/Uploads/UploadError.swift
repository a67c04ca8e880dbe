/// Why an upload or a file request was refused; the HTTP layer maps each case to a problem type.
public enum UploadError: Error, Sendable, Equatable {
    /// The request is not `multipart/form-data` with a boundary.
    case notMultipartForm
    /// The form has no part named `file`.
    case missingFilePart
    /// More than one part named `file`.
    case multipleFileParts
    case malformedForm(String)
    /// The file is larger than the configured maximum (found while streaming).
    case fileTooLarge(limit: Int64)
    /// The body ended before the form did: the client went away or sent a truncated body.
    case incompleteBody
    /// No such file for this user (another user's file looks exactly the same).
    case fileNotFound
    /// The `Range` header can't be satisfied for a file of `size` bytes.
    case rangeNotSatisfiable(size: Int64)
    case invalidCursor
    case invalidLimit
}
