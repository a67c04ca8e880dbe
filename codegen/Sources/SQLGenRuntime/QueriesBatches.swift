import PostgresNIO

/// What the generated `:many` streams, `:batch*` and `:copyfrom` functions run on.
extension Queries {
    /// The rows of a query as they arrive (for results too large to collect).
    public func stream(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        switch executor {
        case .client(let client):
            return try await client.query(query, logger: logger)
        case .connection(let connection):
            return try await connection.query(query, logger: logger)
        }
    }

    /// Runs `body` with queries bound to one connection (this one, or one leased from the pool).
    public func onOneConnection<Result: Sendable>(_ body: (Queries) async throws -> Result) async throws -> Result {
        switch executor {
        case .client(let client):
            return try await client.withConnection { connection in
                try await body(bound(to: connection))
            }
        case .connection:
            return try await body(self)
        }
    }

    /// `rows` cut so that no statement binds more than PostgreSQL's 65535 parameters.
    public static func chunks<Row>(of rows: [Row], parametersPerRow: Int) -> [ArraySlice<Row>] {
        let size = max(1, 65535 / max(1, parametersPerRow))
        return stride(from: 0, to: rows.count, by: size).map { rows[$0..<min($0 + size, rows.count)] }
    }

    /// `prefix ($1, $2), ($3, $4) ... suffix`: `row` (written with $1...$n) repeated with renumbered parameters.
    public static func multiRowInsert(_ prefix: String, row: String, suffix: String, parametersPerRow: Int, rows: Int) -> String {
        var sql = prefix
        for index in 0..<rows {
            if index > 0 { sql += ", " }
            sql += renumbered(row, offset: index * parametersPerRow)
        }
        return sql + suffix
    }

    private static func renumbered(_ row: String, offset: Int) -> String {
        guard offset > 0 else { return row }
        var result = ""
        var digits = ""
        var inParameter = false
        for character in row + " " {
            if inParameter, character.isNumber {
                digits.append(character)
                continue
            }
            if inParameter {
                result += "$\((Int(digits) ?? 0) + offset)"
                inParameter = false
                digits = ""
            }
            if character == "$" {
                inParameter = true
            } else {
                result.append(character)
            }
        }
        return String(result.dropLast())
    }
}
