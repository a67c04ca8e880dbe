import CPgQuery
import Foundation

/// PostgreSQL's own parser (libpg_query): SQL text in, JSON parse tree out.
public enum PgQuery {
    /// A statement of a parsed text: its tree and its byte range in the text.
    public struct Statement: Sendable, Hashable {
        public var tree: ParseNode
        /// Byte offset of the statement's first byte (leading comments included) in the parsed text.
        public var location: Int
        /// Byte length of the statement, without the terminating semicolon; 0 means "to the end".
        public var length: Int
    }

    /// PostgreSQL's error for text that does not parse.
    public struct SyntaxError: Error, Sendable, Hashable {
        public var message: String
        /// 1-based character position of the error in the text; 0 when unknown.
        public var cursor: Int
    }

    /// Parses `sql` into its statements.
    public static func parse(_ sql: String) throws(SyntaxError) -> [Statement] {
        let result = pg_query_parse(sql)
        defer { pg_query_free_parse_result(result) }
        if let error = result.error {
            throw SyntaxError(message: String(cString: error.pointee.message), cursor: Int(error.pointee.cursorpos))
        }
        let length = strlen(result.parse_tree)
        let json = result.parse_tree.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
        guard let root = try? ParseTreeJSON.parse(json) else {
            throw SyntaxError(message: "libpg_query returned a parse tree that is not JSON", cursor: 0)
        }
        return root["stmts"]?.elements.map { raw in
            Statement(
                tree: raw["stmt"] ?? .null,
                location: raw["stmt_location"]?.intValue ?? 0,
                length: raw["stmt_len"]?.intValue ?? 0
            )
        } ?? []
    }

    /// Splits `sql` into the byte ranges of its statements (comments before a statement belong to it;
    /// semicolons are not included).
    public static func split(_ sql: String) throws(SyntaxError) -> [Range<Int>] {
        let result = pg_query_split_with_parser(sql)
        defer { pg_query_free_split_result(result) }
        if let error = result.error {
            throw SyntaxError(message: String(cString: error.pointee.message), cursor: Int(error.pointee.cursorpos))
        }
        var ranges: [Range<Int>] = []
        for index in 0..<Int(result.n_stmts) {
            guard let statement = result.stmts[index]?.pointee else { continue }
            let start = Int(statement.stmt_location)
            ranges.append(start..<(start + Int(statement.stmt_len)))
        }
        return ranges
    }
}

extension String {
    /// The text of a byte range (libpg_query offsets are UTF-8 bytes).
    func bytes(_ range: Range<Int>) -> String {
        let utf8 = Array(self.utf8)
        let lower = Swift.max(0, Swift.min(range.lowerBound, utf8.count))
        let upper = Swift.max(lower, Swift.min(range.upperBound, utf8.count))
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}
