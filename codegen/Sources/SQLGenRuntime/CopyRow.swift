import Foundation
import PostgresNIO

/// One line of `COPY ... FROM STDIN (FORMAT text)`, built field by field in column order: fields
/// separated by tabs, NULL as `\N`, and backslash, tab, newline and carriage return backslash-escaped.
public struct CopyRow {
    private(set) var line = ""
    private var fields = 0

    public init() {}

    public mutating func append<Value: CopyTextField>(_ value: Value?) {
        field(value?.copyText)
    }

    /// An enum value, as its label.
    public mutating func append<Value: RawRepresentable>(_ value: Value?) where Value.RawValue == String {
        field(value?.rawValue)
    }

    /// An array of enum values, as an array literal of their labels.
    public mutating func append<Value: RawRepresentable>(_ values: [Value]?) where Value.RawValue == String {
        field(values.map { CopyArrayLiteral.text($0.map(\.rawValue)) })
    }

    /// A `Date` for a `date` or `timestamp` column (a plain `append` writes a `timestamptz`).
    public mutating func append(_ value: Date?, as column: CopyDateColumn) {
        field(value.map(column.text))
    }

    /// An array of `Date`s for a `date[]` or `timestamp[]` column.
    public mutating func append(_ values: [Date]?, as column: CopyDateColumn) {
        field(values.map { CopyArrayLiteral.text($0.map(column.text)) })
    }

    private mutating func field(_ text: String?) {
        if fields > 0 { line += "\t" }
        fields += 1
        guard let text else {
            line += "\\N"
            return
        }
        guard
            text.utf8.contains(where: {
                $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
            })
        else {
            line += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": line += "\\\\"
            case "\t": line += "\\t"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            default: line.unicodeScalars.append(scalar)
            }
        }
    }
}

extension Queries {
    /// Inserts `rows` into `table` with one `COPY table (columns) FROM STDIN`, streamed in 64 KiB
    /// messages; `encode` appends a row's fields in `columns` order. COPY inserts every row or none:
    /// returns `rows.count`. `table` may be schema-qualified (`inventory.items`).
    public func copyFrom<Row>(
        into table: String, columns: [String], rows: [Row],
        encode: (inout CopyRow, Row) -> Void
    ) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        try await onOneConnection { queries in
            guard case .connection(let connection) = queries.executor else { preconditionFailure("onOneConnection gives a connection") }
            // PostgresNIO writes `COPY "<table>" ("<column>", ...)`: quote the parts of a qualified name.
            let quotedTable = table.split(separator: ".", maxSplits: 1).map { Self.escapedQuotes($0) }.joined(separator: "\".\"")
            try await connection.copyFrom(table: quotedTable, columns: columns.map(Self.escapedQuotes), logger: logger) { writer in
                var buffer = ByteBuffer()
                for row in rows {
                    var line = CopyRow()
                    encode(&line, row)
                    buffer.writeString(line.line)
                    buffer.writeInteger(UInt8(ascii: "\n"))
                    if buffer.readableBytes >= 65536 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
        }
        return rows.count
    }

    private static func escapedQuotes(_ name: some StringProtocol) -> String {
        name.replacingOccurrences(of: "\"", with: "\"\"")
    }
}
