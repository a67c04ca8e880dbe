import NIOCore

/// What `MultipartFormReader` hands on while a form arrives: the one file part as a stream of bytes,
/// and each text field whole. Parts the form can't take never reach the receiver: the reader refuses
/// them first.
protocol MultipartFormReceiver {
    /// The file part begins.
    mutating func fileBegins(_ part: MultipartFilePart) async throws
    /// The next bytes of the file part's body.
    mutating func fileBytes(_ chunk: ByteBuffer) async throws
    /// The file part's body is complete.
    mutating func fileEnds() async throws
    /// A text field, whole (bytes that are not UTF-8 are replaced).
    mutating func field(name: String, value: String) async throws
}

/// The file part of a form, as it begins.
struct MultipartFilePart {
    var headers: MultipartPartHeaders
    /// The most bytes its body can have, known when the form body's length is: all but the closing
    /// delimiter. Clients also end the form with CRLF, so the body is usually two bytes shorter.
    var maximumSize: Int64?
}
