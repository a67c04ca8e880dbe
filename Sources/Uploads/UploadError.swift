/// Why an upload or a file request was refused; the HTTP layer maps each case to a problem type.
public enum UploadError: Error, Sendable, Equatable {
    /// The request is not `multipart/form-data` with a boundary.
    case notMultipartForm
    /// The form has no part named `file`.
    case missingFilePart
    /// A part of the form that the upload can't take, by its field name; nothing of the upload is kept.
    case partRefused(name: String, FormPartRefusal)
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

/// Why a form part was refused: an upload takes one file and small text fields, nothing else.
public enum FormPartRefusal: Sendable, Equatable {
    /// The file part is itself a multipart body holding several files (`multipart/mixed`, RFC 7578 §4.3,
    /// deprecated; `curl -F file=@a,b` sends it).
    case severalFiles
    /// A second file part: one file per request.
    case secondFile
    /// A part other than the file that carries a file: a file name, or content that isn't plain text.
    case notATextField
    /// The text fields together are larger than `limit` bytes.
    case fieldsTooLarge(limit: Int)
}
