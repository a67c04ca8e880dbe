import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=...` URL, as in `DATABASE_URL`.
///
/// - `sslmode`: `disable`, `allow`/`prefer` (TLS if the server offers it; the default), `require`
///   (TLS, certificate not verified, like libpq), `verify-ca` (no host name check), `verify-full`.
/// - Unix sockets: `postgres://user@/database?host=/run/postgresql` (the folder holding
///   `.s.PGSQL.<port>`), or a percent-encoded folder as the host (`postgres://%2Frun%2Fpostgresql/db`).
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        /// Path of the socket file itself.
        case unixSocket(path: String)
    }

    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    /// nil: the server's default (the user's name).
    public var database: String?
    public var sslMode: SSLMode

    public init(_ string: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: string), let scheme = components.scheme else {
            throw .invalid("not a URL (expected postgres://user:password@host:port/database)")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw .invalid("unsupported scheme \"\(scheme)\" (expected postgres://)")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }) ?? query["user"], !user.isEmpty else {
            throw .invalid("missing user name (postgres://user@host/database)")
        }
        username = user
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding } ?? query["password"]
        let path = components.percentEncodedPath.removingPercentEncoding ?? components.path
        database = path.count > 1 ? String(path.dropFirst()) : query["dbname"]

        let port: Int
        if let explicit = components.port {
            port = explicit
        } else if let text = query["port"] {
            guard let value = Int(text) else { throw .invalid("invalid port \"\(text)\"") }
            port = value
        } else {
            port = 5432
        }
        guard (1...65535).contains(port) else { throw .invalid("invalid port \(port)") }

        let host = query["host"] ?? components.percentEncodedHost?.removingPercentEncoding ?? ""
        if host.hasPrefix("/") {
            endpoint = .unixSocket(path: host.hasSuffix(".s.PGSQL.\(port)") ? host : "\(host)/.s.PGSQL.\(port)")
        } else if host.isEmpty {
            throw .invalid("missing host (postgres://user@host:5432/database, or ?host=/socket/folder)")
        } else {
            endpoint = .tcp(host: host, port: port)
        }

        let mode = query["sslmode"] ?? "prefer"
        guard let sslMode = SSLMode(rawValue: mode) else {
            throw .invalid("unsupported sslmode \"\(mode)\" (use \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.sslMode = sslMode
    }

    /// The client configuration for a URL string: `PostgresClient(configuration: try DatabaseURL.parse(url))`.
    public static func parse(_ string: String) throws(DatabaseURLError) -> PostgresClient.Configuration {
        try DatabaseURL(string).configuration
    }

    /// The configuration for `PostgresClient(configuration:)`.
    public var configuration: PostgresClient.Configuration {
        switch endpoint {
        case .unixSocket(let path):
            return .init(unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            return .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
    }

    private var tls: PostgresClient.Configuration.TLS {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable:
            return .disable
        case .allow, .prefer:
            settings.certificateVerification = .none
            return .prefer(settings)
        case .require:
            settings.certificateVerification = .none
            return .require(settings)
        case .verifyCA:
            settings.certificateVerification = .noHostnameVerification
            return .require(settings)
        case .verifyFull:
            return .require(settings)
        }
    }

    /// The URL without its password, for logs.
    public var description: String {
        let location: String
        switch endpoint {
        case .tcp(let host, let port): location = "\(host):\(port)"
        case .unixSocket(let path): location = path
        }
        return "postgres://\(username)\(password == nil ? "" : ":***")@\(location)/\(database ?? "")?sslmode=\(sslMode.rawValue)"
    }
}

/// A `DATABASE_URL` that cannot be used; the message never contains the password.
public struct DatabaseURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    static func invalid(_ message: String) -> Self { Self(message: message) }

    public var description: String { "invalid database URL: \(message)" }
}
