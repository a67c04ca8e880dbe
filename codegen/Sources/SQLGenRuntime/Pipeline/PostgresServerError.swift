/// An ErrorResponse from the server, as read off the wire by a pipelined batch.
public struct PostgresServerError: Error, Sendable, CustomStringConvertible {
    /// The fields by their one-letter code (`S` severity, `C` SQLSTATE, `M` message, `D` detail, ...).
    public var fields: [Character: String]

    /// The SQLSTATE code, e.g. `23505` for a unique violation.
    public var sqlState: String? { fields["C"] }
    public var message: String? { fields["M"] }
    public var detail: String? { fields["D"] }
    public var constraintName: String? { fields["n"] }

    public var description: String {
        var text = "\(fields["S"] ?? "ERROR"): \(message ?? "unknown error") (SQLSTATE \(sqlState ?? "?"))"
        if let detail { text += " \(detail)" }
        return text
    }
}
