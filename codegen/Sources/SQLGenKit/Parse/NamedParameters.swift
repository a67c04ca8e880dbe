/// A query with its named parameters (`@name`, `sqlc.arg(name)`, `sqlc.narg(name)`) rewritten to `$N`,
/// as the server needs them, and `sqlc.embed(t)` rewritten to `t.*`.
public struct RewrittenQuery: Sendable, Hashable {
    /// The SQL to run: named parameters replaced by `$N`.
    public var sql: String
    /// The parse tree of ``sql``.
    public var tree: ParseNode
    /// Parameter names given in the SQL, by number.
    public var names: [Int: String]
    /// Parameters written `sqlc.narg(...)`: nullable whatever their column says.
    public var forcedNullable: Set<Int>
    /// Tables (or aliases) written `sqlc.embed(t)` in the select list: their columns form one field.
    public var embeds: [String] = []
    /// The edits made, to map offsets in ``sql`` back to the original text.
    var edits: [(rewrittenStart: Int, delta: Int)]

    /// The byte offset in the original statement text of a byte offset in ``sql``.
    public func originalOffset(of offset: Int) -> Int {
        var result = offset
        for edit in edits where edit.rewrittenStart < offset { result += edit.delta }
        return result
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.sql == rhs.sql }
    public func hash(into hasher: inout Hasher) { hasher.combine(sql) }
}

/// Finds named parameters in a statement and rewrites them to positional ones, like sqlc.
public enum NamedParameters {
    struct Occurrence {
        var range: Range<Int>
        var name: String
        var nullable: Bool
        /// `sqlc.embed(name)`: replaced by `name.*`, not a parameter.
        var isEmbed = false
        /// `IN (sqlc.slice(name))`, replaced by `= ANY($n)`.
        var isSliceIn = false
    }

    /// Rewrites `text` (whose parse tree is `tree`). Throws a message and byte offset on misuse.
    static func rewrite(_ text: String, tree: ParseNode) throws(AnnotationError) -> RewrittenQuery {
        let bytes = Array(text.utf8)
        var occurrences: [Occurrence] = []
        var positional: [Int] = []
        var failure: AnnotationError?
        // `x IN (sqlc.slice(ids))` becomes `x = ANY($n)`: PostgreSQL compares with an array.
        var sliceCalls: Set<Int> = []
        tree.walk { node in
            guard let expr = node.node("A_Expr"), expr["kind"]?.stringValue == "AEXPR_IN",
                let items = expr["rexpr"]?.node("List")?["items"]?.elements ?? expr["rexpr"]?.elements, items.count == 1,
                let call = items[0].node("FuncCall"), call["funcname"]?.strings == ["sqlc", "slice"],
                let callStart = call["location"]?.intValue, let inStart = expr["location"]?.intValue,
                let name = call["args"]?.elements.first?.node("ColumnRef")?["fields"]?.strings.first
            else { return }
            sliceCalls.insert(callStart)
            occurrences.append(
                Occurrence(range: inStart..<endOfCall(bytes, from: inStart), name: name.lowercased(), nullable: false, isSliceIn: true))
        }
        tree.walk { node in
            if let ref = node.node("ParamRef"), let location = ref["location"]?.intValue {
                positional.append(location)
            } else if let expr = node.node("A_Expr"), expr["name"]?.strings == ["@"], expr["lexpr"] == nil,
                let start = expr["location"]?.intValue
            {
                // `@name` binds looser than `::` and arithmetic (`@ids::int[]` is `@(ids::int[])`), so
                // the name is read from the text right after the `@`; the rest stays in the query.
                let end = endOfIdentifier(bytes, after: start + 1)
                let name = identifier(bytes, start + 1..<end)
                guard !name.isEmpty else {
                    failure = failure ?? AnnotationError(message: "invalid named parameter: expected @name", offset: start)
                    return
                }
                occurrences.append(Occurrence(range: start..<end, name: name, nullable: false))
            } else if let call = node.node("FuncCall"), let function = call["funcname"]?.strings,
                function.count == 2, function[0] == "sqlc", let start = call["location"]?.intValue, !sliceCalls.contains(start)
            {
                let kind = function[1]
                guard ["arg", "narg", "embed", "slice"].contains(kind) else {
                    failure =
                        failure
                        ?? AnnotationError(
                            message: "sqlc.\(kind) is not supported (use sqlc.arg, sqlc.narg, sqlc.slice or sqlc.embed)", offset: start)
                    return
                }
                let argument = call["args"]?.elements.first
                guard call["args"]?.elements.count == 1,
                    let name = argument?.node("ColumnRef")?["fields"]?.strings.first
                        ?? argument?.node("A_Const")?["sval"]?["sval"]?.stringValue
                else {
                    failure = failure ?? AnnotationError(message: "invalid sqlc.\(kind): expected sqlc.\(kind)(name)", offset: start)
                    return
                }
                occurrences.append(
                    Occurrence(range: start..<endOfCall(bytes, from: start), name: name, nullable: kind == "narg", isEmbed: kind == "embed")
                )
            }
        }
        if let failure { throw failure }
        if occurrences.contains(where: { !$0.isEmbed }), let first = positional.min() {
            throw AnnotationError(message: "query mixes positional parameters ($1) and named parameters (@name, sqlc.arg)", offset: first)
        }
        guard !occurrences.isEmpty else {
            return RewrittenQuery(sql: text, tree: tree, names: [:], forcedNullable: [], edits: [])
        }
        occurrences.sort { $0.range.lowerBound < $1.range.lowerBound }
        var numbers: [String: Int] = [:]
        var names: [Int: String] = [:]
        var nullable: Set<Int> = []
        var embeds: [String] = []
        var output: [UInt8] = []
        var edits: [(Int, Int)] = []
        var cursor = 0
        for occurrence in occurrences {
            let replacement: [UInt8]
            if occurrence.isEmbed {
                embeds.append(occurrence.name)
                replacement = Array("\(occurrence.name).*".utf8)
            } else {
                let number = numbers[occurrence.name] ?? (numbers.count + 1)
                numbers[occurrence.name] = number
                names[number] = occurrence.name
                if occurrence.nullable { nullable.insert(number) }
                replacement = Array((occurrence.isSliceIn ? "= ANY($\(number))" : "$\(number)").utf8)
            }
            output += bytes[cursor..<occurrence.range.lowerBound]
            edits.append((output.count, occurrence.range.count - replacement.count))
            output += replacement
            cursor = occurrence.range.upperBound
        }
        output += bytes[cursor...]
        let sql = String(decoding: output, as: UTF8.self)
        let statements: [PgQuery.Statement]
        do {
            statements = try PgQuery.parse(sql)
        } catch {
            throw AnnotationError(message: "rewritten query does not parse: \(error.message)", offset: 0)
        }
        return RewrittenQuery(
            sql: sql, tree: statements.first?.tree ?? .null, names: names, forcedNullable: nullable,
            embeds: embeds, edits: edits)
    }

    /// The end of `@ name`: optional spaces, then an identifier (or a quoted one).
    private static func endOfIdentifier(_ bytes: [UInt8], after start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
            return min(index + 1, bytes.count)
        }
        while index < bytes.count, isIdentifierByte(bytes[index]) { index += 1 }
        return index
    }

    /// The identifier in `range`: spaces skipped, quotes removed, folded to lower case unless quoted.
    private static func identifier(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let text = String(decoding: bytes[range], as: UTF8.self).trimmingCharacters(in: " ")
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { return String(text.dropFirst().dropLast()) }
        return text.lowercased()
    }

    /// The end of `sqlc.arg( ... )`: just past the parenthesis that closes the first one.
    private static func endOfCall(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "(") { depth += 1 }
            if bytes[index] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return bytes.count
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }
}
