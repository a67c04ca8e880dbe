import Hummingbird

/// An RFC 9457 problem: thrown by handlers and middleware, answered as `application/problem+json`
/// `{type, title, status, detail, ...extensions}` with any extra `headers` (e.g. `WWW-Authenticate`).
public struct ProblemDetails: Error, HTTPResponseError, Sendable, Hashable {
    public static let contentType = "application/problem+json"

    public var type: String
    public var title: String
    public var status: HTTPResponse.Status
    /// A human explanation of this occurrence; shown to clients, so never internals or secrets.
    public var detail: String?
    public var instance: String?
    /// Extension members; names of standard members are ignored.
    public var extensions: [String: ProblemValue]
    public var headers: HTTPFields

    public init(
        type: String, title: String, status: HTTPResponse.Status, detail: String? = nil,
        instance: String? = nil, extensions: [String: ProblemValue] = [:], headers: HTTPFields = [:]
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.extensions = extensions
        self.headers = headers
    }

    public init(
        _ kind: ProblemKind, detail: String? = nil, extensions: [String: ProblemValue] = [:], headers: HTTPFields = [:]
    ) {
        self.init(
            type: kind.type, title: kind.title, status: kind.status, detail: detail,
            extensions: extensions, headers: headers)
    }

    /// The JSON body.
    public var json: String {
        var members: [(String, ProblemValue)] = [
            ("type", .string(type)), ("title", .string(title)), ("status", .int(status.code)),
        ]
        if let detail { members.append(("detail", .string(detail))) }
        if let instance { members.append(("instance", .string(instance))) }
        let standard: Set = ["type", "title", "status", "detail", "instance"]
        for (name, value) in extensions.sorted(by: { $0.key < $1.key }) where !standard.contains(name) {
            members.append((name, value))
        }
        return "{" + members.map { ProblemValue.quoted($0.0) + ":" + $0.1.json }.joined(separator: ",") + "}"
    }

    public func response() -> Response {
        let body = ByteBuffer(string: json)
        var headers = self.headers
        headers[.contentType] = Self.contentType
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }
}

extension ProblemDetails: CustomStringConvertible {
    public var description: String { "\(status.code) \(title)" + (detail.map { ": \($0)" } ?? "") }
}

/// Errors of other modules that know their problem (conformances can live in the Server module).
public protocol ProblemDetailsConvertible: Error {
    var problemDetails: ProblemDetails { get }
}
