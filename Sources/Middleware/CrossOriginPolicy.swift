import Foundation

/// Which browser origins may call the service, and what they may send and read (`CORS_ALLOWED_ORIGINS`).
///
/// Tokens travel in `Authorization`, never in cookies, so credentials mode is not offered; `*` therefore
/// answers `Access-Control-Allow-Origin: *`, and a list echoes the caller's origin when it is listed.
public struct CrossOriginPolicy: Sendable, Equatable {
    public enum AllowedOrigins: Sendable, Equatable {
        /// `*`: every origin.
        case any
        /// Exact origins (`scheme://host[:port]`, lowercased).
        case list(Set<String>)
    }

    public var allowedOrigins: AllowedOrigins
    public var allowMethods: [String] = ["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"]
    /// Request headers of the service's own API and of tus clients (tus-js-client, Uppy).
    public var allowHeaders: [String] = [
        "Authorization", "Content-Type", "Upload-Offset", "Upload-Length", "Upload-Metadata", "Upload-Defer-Length",
        "Upload-Checksum", "Upload-Concat", "Tus-Resumable", "X-HTTP-Method-Override", "X-Requested-With",
    ]
    /// Response headers scripts may read.
    public var exposeHeaders: [String] = [
        "Location", "Upload-Offset", "Upload-Length", "Upload-Metadata", "Upload-Defer-Length", "Upload-Expires",
        "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm",
        "Content-Range", "Content-Disposition", "ETag", "X-Request-ID",
    ]
    /// How long a browser may cache a preflight answer.
    public var maxAgeSeconds: Int = 86_400

    public init(allowedOrigins: AllowedOrigins) {
        self.allowedOrigins = allowedOrigins
    }

    /// Parses `CORS_ALLOWED_ORIGINS`: comma-separated origins such as `https://app.example.com`, or `*`.
    /// Blank text means no policy (no CORS headers at all).
    public init?(allowedOriginsList text: String) throws {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if items.isEmpty { return nil }
        if items.contains("*") {
            self.init(allowedOrigins: .any)
            return
        }
        self.init(allowedOrigins: .list(Set(try items.map(Self.normalizedOrigin))))
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, nil when it may not call.
    public func allowOriginValue(for origin: String) -> String? {
        switch allowedOrigins {
        case .any:
            return "*"
        case .list(let origins):
            let requested = origin.lowercased()
            return origins.contains(requested) ? origin : nil
        }
    }

    /// Whether answers depend on the request's `Origin` (so caches must key on it).
    public var variesByOrigin: Bool {
        if case .list = allowedOrigins { return true }
        return false
    }

    /// `https://App.example.com/` → `https://app.example.com`; anything but `scheme://host[:port]` is refused.
    static func normalizedOrigin(_ text: String) throws -> String {
        var value = text
        if value.hasSuffix("/") { value.removeLast() }
        guard let components = URLComponents(string: value), let scheme = components.scheme, let host = components.host,
            !host.isEmpty, components.path.isEmpty, components.query == nil, components.fragment == nil,
            components.user == nil, components.password == nil
        else { throw CrossOriginPolicyError.invalidOrigin(text) }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme.lowercased())://\(host.lowercased())\(port)"
    }
}

/// A `CORS_ALLOWED_ORIGINS` entry that is not an origin.
public enum CrossOriginPolicyError: Error, Equatable, CustomStringConvertible {
    case invalidOrigin(String)

    public var description: String {
        switch self {
        case .invalidOrigin(let text):
            "\"\(text)\" is not an origin: write scheme://host[:port] (e.g. https://app.example.com), or * for any"
        }
    }
}
