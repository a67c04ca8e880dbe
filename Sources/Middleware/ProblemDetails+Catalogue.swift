import Hummingbird

extension ProblemDetails {
    public static func badRequest(_ detail: String? = nil) -> Self { .init(.badRequest, detail: detail) }

    /// 422 with an `errors` member: `[{"field": ..., "message": ...}]`, sorted by field.
    public static func validation(_ detail: String? = nil, fieldErrors: [String: String] = [:]) -> Self {
        var extensions: [String: ProblemValue] = [:]
        if !fieldErrors.isEmpty {
            extensions["errors"] = .array(
                fieldErrors.sorted { $0.key < $1.key }.map { .object(["field": .string($0.key), "message": .string($0.value)]) })
        }
        return .init(.validation, detail: detail, extensions: extensions)
    }

    /// 401 with `WWW-Authenticate: Bearer realm="s3uploader"` (RFC 6750 §3, no error code: no token given).
    public static func unauthorized(_ detail: String? = nil) -> Self {
        .init(.unauthorized, detail: detail, headers: [.wwwAuthenticate: BearerChallenge.header()])
    }

    /// 401 for a presented but unacceptable token: `error="invalid_token"` with a description.
    public static func invalidToken(_ detail: String) -> Self {
        .init(
            .unauthorized, detail: detail,
            headers: [.wwwAuthenticate: BearerChallenge.header(error: "invalid_token", description: detail)])
    }

    public static func forbidden(_ detail: String? = nil) -> Self { .init(.forbidden, detail: detail) }
    public static func notFound(_ detail: String? = nil) -> Self { .init(.notFound, detail: detail) }

    public static func methodNotAllowed(_ detail: String? = nil, allowed: [HTTPRequest.Method] = []) -> Self {
        var headers: HTTPFields = [:]
        if !allowed.isEmpty { headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ") }
        return .init(.methodNotAllowed, detail: detail, headers: headers)
    }

    public static func conflict(_ detail: String? = nil) -> Self { .init(.conflict, detail: detail) }
    public static func gone(_ detail: String? = nil) -> Self { .init(.gone, detail: detail) }
    public static func preconditionFailed(_ detail: String? = nil) -> Self { .init(.preconditionFailed, detail: detail) }

    /// 413 with a `max_bytes` member when the limit is known.
    public static func payloadTooLarge(_ detail: String? = nil, maxBytes: Int? = nil) -> Self {
        .init(.payloadTooLarge, detail: detail, extensions: maxBytes.map { ["max_bytes": .int($0)] } ?? [:])
    }

    public static func unsupportedMediaType(_ detail: String? = nil) -> Self { .init(.unsupportedMediaType, detail: detail) }
    public static func rangeNotSatisfiable(_ detail: String? = nil) -> Self { .init(.rangeNotSatisfiable, detail: detail) }

    public static func tooManyRequests(_ detail: String? = nil, retryAfterSeconds: Int? = nil) -> Self {
        .init(.tooManyRequests, detail: detail, headers: retryAfterSeconds.map { [.retryAfter: String($0)] } ?? [:])
    }

    /// 500; `detail` defaults to a generic sentence. Never pass an error's text here.
    public static func `internal`(_ detail: String = "An unexpected error occurred.") -> Self {
        .init(.internal, detail: detail)
    }

    public static func notImplemented(_ detail: String? = nil) -> Self { .init(.notImplemented, detail: detail) }
    public static func badGateway(_ detail: String? = nil) -> Self { .init(.badGateway, detail: detail) }

    public static func serviceUnavailable(_ detail: String? = nil, retryAfterSeconds: Int? = nil) -> Self {
        .init(.serviceUnavailable, detail: detail, headers: retryAfterSeconds.map { [.retryAfter: String($0)] } ?? [:])
    }

    public static func gatewayTimeout(_ detail: String? = nil) -> Self { .init(.gatewayTimeout, detail: detail) }
}

/// `WWW-Authenticate` values for the Bearer scheme (RFC 6750 §3).
enum BearerChallenge {
    static let realm = "s3uploader"

    static func header(error: String? = nil, description: String? = nil) -> String {
        var value = "Bearer realm=\"\(realm)\""
        if let error { value += ", error=\"\(error)\"" }
        if let description { value += ", error_description=\"\(quotable(description))\"" }
        return value
    }

    /// RFC 6750 allows %x20-21 / %x23-5B / %x5D-7E in `error_description`.
    private static func quotable(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.compactMap { scalar in
                    switch scalar.value {
                    case 0x22, 0x5C: "'"
                    case 0x20...0x7E: scalar
                    default: nil
                    }
                }))
    }
}
