/// An error answered by the S3 server (`<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>`),
/// or an HTTP error status with no such body (HEAD responses have none).
public struct S3Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// S3's error code, e.g. `NoSuchKey`, `SignatureDoesNotMatch`; for a body-less answer, a code derived
    /// from the status (`NotFound`, `Forbidden`, ...).
    public var code: String
    public var message: String?
    public var requestID: String?
    public var statusCode: Int
    /// The resource the error is about, when the server names it.
    public var resource: String?

    public init(code: String, message: String? = nil, requestID: String? = nil, statusCode: Int, resource: String? = nil) {
        self.code = code
        self.message = message
        self.requestID = requestID
        self.statusCode = statusCode
        self.resource = resource
    }

    public var description: String {
        var text = "S3 error \(statusCode) \(code)"
        if let message, !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " (request id \(requestID))" }
        return text
    }

    /// Decodes an S3 XML error document; falls back to a status-derived code when `body` isn't one.
    public static func decode(statusCode: Int, body: [UInt8], requestID headerRequestID: String? = nil) -> S3Error {
        if let root = try? XMLElementNode.parse(body), root.name == "Error", let code = root.childText("Code") {
            return S3Error(
                code: code,
                message: root.childText("Message"),
                requestID: root.childText("RequestId") ?? headerRequestID,
                statusCode: statusCode,
                resource: root.childText("Resource") ?? root.childText("Key")
            )
        }
        return S3Error(code: codeForStatus(statusCode), requestID: headerRequestID, statusCode: statusCode)
    }

    static func codeForStatus(_ status: Int) -> String {
        switch status {
        case 301: return "PermanentRedirect"
        case 400: return "BadRequest"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 409: return "Conflict"
        case 412: return "PreconditionFailed"
        case 416: return "InvalidRange"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        default: return "HTTP\(status)"
        }
    }
}

/// Errors raised by the client itself, before or after talking to the server.
public enum S3ClientError: Error, Sendable, Equatable {
    /// A presigned URL's lifetime must be 1 second ... 7 days.
    case invalidPresignExpiry(Int)
    /// A bucket name that can't be put in a URL.
    case invalidBucketName(String)
    /// An object key S3 can't store (empty).
    case invalidKey(String)
    /// A header (content type, user metadata, ...) whose name or value HTTP can't carry; names the header.
    case invalidHeader(String)
    /// The configured endpoint is not an http(s) URL with a host.
    case invalidEndpoint(String)
    /// The server's answer lacked something the operation needs (e.g. an upload id).
    case unexpectedResponse(String)
}
