import Foundation

/// sqlc's analysis of a corpus set (its `gen: json:` output, `codegen.json`), reduced to the fields
/// `sqlgen describe` prints, with sqlc's type spellings normalized to PostgreSQL's internal names.
struct SQLCAnalysis {
    struct Entry: Hashable, CustomStringConvertible {
        /// Fields compared, as `key=value` text (`type=int4`, `not_null=true`, ...).
        var fields: [(String, String)]
        var name: String { fields.first { $0.0 == "name" }?.1 ?? "" }
        var description: String { fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
        static func == (l: Entry, r: Entry) -> Bool { l.description == r.description }
        func hash(into hasher: inout Hasher) { hasher.combine(description) }
        func value(_ key: String) -> String? { fields.first { $0.0 == key }?.1 }
    }

    struct Query {
        var name: String
        var cmd: String
        /// By parameter number.
        var params: [Int: Entry]
        var columns: [Entry]
    }

    var queries: [String: Query] = [:]

    private struct RawDocument: Decodable { var queries: [RawQuery] }
    private struct RawQuery: Decodable {
        var name: String
        var cmd: String
        var params: [RawParam]?
        var columns: [RawColumn]?
    }
    private struct RawParam: Decodable {
        var number: Int
        var column: RawColumn
    }
    private struct RawName: Decodable {
        var schema: String?
        var name: String
    }
    private struct RawColumn: Decodable {
        var name: String
        var not_null: Bool
        var is_array: Bool
        var table: RawName?
        var type: RawName
        var embed_table: RawName?
    }

    /// sqlc prints `integer`, `pg_catalog.int4` and `int4` for the same type.
    static let spellings = [
        "integer": "int4", "int": "int4", "bigint": "int8", "smallint": "int2", "double precision": "float8",
        "real": "float4", "boolean": "bool", "timestamp with time zone": "timestamptz",
        "timestamp without time zone": "timestamp", "character varying": "varchar", "serial": "int4",
        "bigserial": "int8", "decimal": "numeric",
    ]

    private static func typeName(_ type: RawName) -> String {
        var name = type.name.hasPrefix("pg_catalog.") ? String(type.name.dropFirst(11)) : type.name
        name = spellings[name] ?? name
        let schema = type.schema ?? ""
        return ["", "pg_catalog", "public"].contains(schema) ? name : "\(schema).\(name)"
    }

    /// `inventory.items` outside public, like `sqlgen describe`.
    private static func tableName(_ table: RawName) -> String {
        ["", "public"].contains(table.schema ?? "") ? table.name : "\(table.schema!).\(table.name)"
    }

    init(json: Data) throws {
        let document = try JSONDecoder().decode(RawDocument.self, from: json)
        for raw in document.queries {
            var params: [Int: Entry] = [:]
            for param in raw.params ?? [] {
                let c = param.column
                params[param.number] = Entry(fields: [
                    ("name", c.name), ("type", Self.typeName(c.type)),
                    ("not_null", "\(c.not_null)"), ("is_array", "\(c.is_array)"),
                ])
            }
            let columns = (raw.columns ?? []).map { c in
                c.embed_table != nil
                    ? Entry(fields: [("embed", c.name)])
                    : Entry(fields: [
                        ("name", c.name), ("table", c.table.map(Self.tableName) ?? "-"), ("type", Self.typeName(c.type)),
                        ("not_null", "\(c.not_null)"), ("is_array", "\(c.is_array)"),
                    ])
            }
            queries[raw.name] = Query(name: raw.name, cmd: raw.cmd, params: params, columns: columns)
        }
    }
}
