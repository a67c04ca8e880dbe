import Foundation

/// Queries that take many parameter sets at once: `:copyfrom` (one multi-row INSERT per chunk) and
/// `:batchexec`/`:batchone`/`:batchmany` (the statement once per set, all on one connection).
enum BatchEmitter {
    static func takesRows(_ query: AnalyzedQuery) -> Bool {
        [.copyfrom, .batchexec, .batchone, .batchmany].contains(query.command)
    }

    /// The fields of `<Name>Params`: one per parameter, named like the function labels.
    static func parameterFields(_ query: AnalyzedQuery, options: EmitOptions) -> [ModelsEmitter.Field] {
        let labels = NamingRules.unique(query.parameters.map { options.naming.member($0.name) })
        return zip(labels, query.parameters).map { label, parameter in
            ModelsEmitter.Field(name: label, type: options.types.swiftType(for: parameter.type, notNull: parameter.notNull, column: parameter.sourceColumn))
        }
    }

    /// `INSERT ... VALUES ($1, $2) ...` split around its row: the analyzer checked the shape.
    static func valuesTuple(_ sql: String) -> (prefix: String, row: String, suffix: String) {
        let bytes = Array(sql.utf8)
        guard let values = sql.range(of: "values", options: .caseInsensitive) else { return (sql, "", "") }
        var start = sql.utf8.distance(from: sql.utf8.startIndex, to: values.upperBound.samePosition(in: sql.utf8)!)
        while start < bytes.count, bytes[start] != UInt8(ascii: "(") { start += 1 }
        var depth = 0
        var end = start
        while end < bytes.count {
            if bytes[end] == UInt8(ascii: "(") { depth += 1 }
            if bytes[end] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { end += 1; break } }
            end += 1
        }
        let text = { (range: Range<Int>) in String(decoding: bytes[range], as: UTF8.self) }
        return (text(0..<start), text(start..<end), text(end..<bytes.count))
    }

    static func function(_ query: AnalyzedQuery, name: String, sqlName: String, catalog: Catalog, options: EmitOptions,
                         into writer: inout SwiftWriter) {
        let params = query.name + "Params"
        let labels = NamingRules.unique(query.parameters.map { options.naming.member($0.name) })
        let types = query.parameters.map { options.types.swiftType(for: $0.type, notNull: $0.notNull, column: $0.sourceColumn) }
        let shape = QueriesEmitter.ResultShape(query, catalog: catalog, options: options)
        writer.documentation(query.documentation)
        if query.command == .copyfrom {
            writer.line("/// Inserts every element of `rows` (one multi-row INSERT per \\(max(1, 65535 / max(1, query.parameters.count))) rows); returns the number inserted.")
            writer.line("@discardableResult")
            writer.block("\(options.accessPrefix)func \(name)(_ rows: [\(params)]) async throws -> Int") { writer in
                writer.line("var inserted = 0")
                writer.block("for chunk in Queries.chunks(of: rows, parametersPerRow: \(query.parameters.count))") { writer in
                    writer.line("var bindings = PostgresBindings(capacity: chunk.count * \(query.parameters.count))")
                    writer.block("for item in chunk") { writer in
                        QueriesEmitter.appendBindings(query, labels: labels, types: types, to: "bindings", owner: "item.",
                                                      catalog: catalog, options: options, into: &writer)
                    }
                    let (prefix, tuple, suffix) = valuesTuple(query.sql)
                    writer.line("let sql = Queries.multiRowInsert(\(swiftStringLiteral(prefix)), row: \(swiftStringLiteral(tuple)), suffix: \(swiftStringLiteral(suffix)),")
                    writer.line("                                 parametersPerRow: \(query.parameters.count), rows: chunk.count)")
                    writer.line("inserted += try await affectedRows(PostgresQuery(unsafeSQL: sql, binds: bindings))")
                }
                writer.line("return inserted")
            }
            return
        }
        let element: String
        let run: String
        switch (shape.kind, query.command) {
        case (.model(let type), .batchone), (.row(let type, _), .batchone):
            element = "\(type)?"
            run = "results.append(try await queries.rows(statement).first.map(\(type).init(row:)))"
        case (.model(let type), .batchmany), (.row(let type, _), .batchmany):
            element = "[\(type)]"
            run = "results.append(try await queries.rows(statement).map(\(type).init(row:)))"
        case (.scalar(let type), .batchone):
            let optional = type.hasSuffix("?") ? type : type + "?"
            element = optional
            run = "results.append(try await queries.rows(statement).first.map { try $0.makeRandomAccess()[0].decode(\(optional).self) } ?? nil)"
        case (.scalar(let type), .batchmany):
            element = "[\(type)]"
            run = "results.append(try await queries.rows(statement).map { try $0.makeRandomAccess()[0].decode(\(type).self) })"
        default:
            element = ""
            run = "try await queries.execute(statement)"
        }
        writer.line("/// Runs the statement once per element of `batch`, in order, on one connection.")
        let returns = element.isEmpty ? "" : " -> [\(element)]"
        writer.block("\(options.accessPrefix)func \(name)(_ batch: [\(params)]) async throws\(returns)") { writer in
            writer.block("\(element.isEmpty ? "" : "return ")try await onOneConnection", opening: " { queries in") { writer in
                if !element.isEmpty { writer.line("var results: [\(element)] = []") }
                writer.block("for item in batch") { writer in
                    writer.line("\(query.parameters.isEmpty ? "let" : "var") bindings = PostgresBindings(capacity: \(query.parameters.count))")
                    QueriesEmitter.appendBindings(query, labels: labels, types: types, to: "bindings", owner: "item.",
                                                  catalog: catalog, options: options, into: &writer)
                    writer.line("let statement = PostgresQuery(unsafeSQL: Self.\(sqlName), binds: bindings)")
                    writer.line(run)
                }
                if !element.isEmpty { writer.line("return results") }
            }
        }
    }
}
