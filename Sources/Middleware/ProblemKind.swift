import Hummingbird

/// A stable error kind: its `type` URI never changes once published, so clients may branch on it.
/// URIs are `https://s3uploader.dev/problems/<slug>` (``ProblemKind/typeBaseURI``).
public struct ProblemKind: Sendable, Hashable {
    public static let typeBaseURI = "https://s3uploader.dev/problems/"

    public let slug: String
    public let title: String
    public let status: HTTPResponse.Status

    public init(slug: String, title: String, status: HTTPResponse.Status) {
        self.slug = slug
        self.title = title
        self.status = status
    }

    /// `about:blank` for kinds made from a bare status (empty slug).
    public var type: String { slug.isEmpty ? "about:blank" : Self.typeBaseURI + slug }

    public static let badRequest = Self(slug: "bad-request", title: "Bad request", status: .badRequest)
    public static let validation = Self(slug: "validation-failed", title: "Validation failed", status: .unprocessableContent)
    public static let unauthorized = Self(slug: "unauthorized", title: "Unauthorized", status: .unauthorized)
    public static let forbidden = Self(slug: "forbidden", title: "Forbidden", status: .forbidden)
    public static let notFound = Self(slug: "not-found", title: "Not found", status: .notFound)
    public static let methodNotAllowed = Self(slug: "method-not-allowed", title: "Method not allowed", status: .methodNotAllowed)
    public static let conflict = Self(slug: "conflict", title: "Conflict", status: .conflict)
    public static let gone = Self(slug: "gone", title: "Gone", status: .gone)
    public static let preconditionFailed = Self(slug: "precondition-failed", title: "Precondition failed", status: .preconditionFailed)
    public static let payloadTooLarge = Self(slug: "payload-too-large", title: "Payload too large", status: .contentTooLarge)
    public static let unsupportedMediaType = Self(
        slug: "unsupported-media-type", title: "Unsupported media type", status: .unsupportedMediaType)
    public static let rangeNotSatisfiable = Self(
        slug: "range-not-satisfiable", title: "Range not satisfiable", status: .rangeNotSatisfiable)
    public static let tooManyRequests = Self(slug: "too-many-requests", title: "Too many requests", status: .tooManyRequests)
    public static let `internal` = Self(slug: "internal", title: "Internal server error", status: .internalServerError)
    public static let notImplemented = Self(slug: "not-implemented", title: "Not implemented", status: .notImplemented)
    public static let badGateway = Self(slug: "bad-gateway", title: "Upstream service failed", status: .badGateway)
    public static let serviceUnavailable = Self(slug: "service-unavailable", title: "Service unavailable", status: .serviceUnavailable)
    public static let gatewayTimeout = Self(slug: "gateway-timeout", title: "Upstream service timed out", status: .gatewayTimeout)

    public static let catalogue: [ProblemKind] = [
        .badRequest, .validation, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .conflict, .gone,
        .preconditionFailed, .payloadTooLarge, .unsupportedMediaType, .rangeNotSatisfiable, .tooManyRequests,
        .internal, .notImplemented, .badGateway, .serviceUnavailable, .gatewayTimeout,
    ]

    private static let byStatus: [Int: ProblemKind] = Dictionary(
        catalogue.map { ($0.status.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The catalogue kind for an HTTP status; a status outside the catalogue gets RFC 9457's
    /// `about:blank` type with the status's reason phrase as title.
    public static func forStatus(_ status: HTTPResponse.Status) -> ProblemKind {
        byStatus[status.code] ?? Self(slug: "", title: status.reasonPhrase, status: status)
    }
}
