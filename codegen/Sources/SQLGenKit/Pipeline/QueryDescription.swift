import Foundation

/// The JSON `sqlgen describe` prints: what the analyzer concluded about each query.
public struct QueryDescription: Encodable, Sendable {
    public struct Parameter: Encodable, Sendable {
        var number: Int
        var name: String
        var type: String
        var not_null: Bool
        var is_array: Bool
    }

    public struct Column: Encodable, Sendable {
        var name: String
        var table: String?
        var type: String
        var not_null: Bool
        var is_array: Bool
        var embed: String?
    }

    var name: String
    var cmd: String
    var file: String
    var line: Int
    var sql: String
    var params: [Parameter]
    var columns: [Column]

    public init(_ query: AnalyzedQuery) {
        name = query.name
        cmd = ":" + query.command.rawValue
        file = query.path
        line = query.line
        sql = query.sql
        params = query.parameters.map {
            Parameter(number: $0.number, name: $0.name, type: $0.type.name, not_null: $0.notNull, is_array: $0.type.isArray)
        }
        columns = query.columns.map {
            Column(
                name: $0.name, table: $0.origin ?? $0.table, type: $0.type.name, not_null: $0.notNull, is_array: $0.type.isArray,
                embed: $0.embed)
        }
    }

    /// `{"queries": [...]}`, pretty-printed with sorted keys (stable output).
    public static func json(_ queries: [AnalyzedQuery]) -> String {
        struct Document: Encodable { var queries: [QueryDescription] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(queries: queries.map(QueryDescription.init)))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
