import Foundation

/// Queries that take many parameter sets at once: `:copyfrom` (`COPY ... FROM STDIN`, or multi-row
/// INSERTs for override types) and `:batchexec`/`:batchone`/`:batchmany` (`Queries.runBatch`).
enum BatchEmitter {
    static func takesRows(_ query: AnalyzedQuery) -> Bool {
        [.copyfrom, .batchexec, .batchone, .batchmany].contains(query.command)
    }

    /// The fields of `<Name>Params`: one per parameter, named like the function labels.
    static func parameterFields(_ query: AnalyzedQuery, options: EmitOptions) -> [ModelsEmitter.Field] {
        let labels = NamingRules.unique(query.parameters.map { options.naming.member($0.name) })
        return zip(labels, query.parameters).map { label, parameter in
            ModelsEmitter.Field(
                name: label, type: options.types.swiftType(for: parameter.type, notNull: parameter.notNull, column: parameter.sourceColumn))
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
            if bytes[end] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 {
                    end += 1
                    break
                }
            }
            end += 1
        }
        let text = { (range: Range<Int>) in String(decoding: bytes[range], as: UTF8.self) }
        return (text(0..<start), text(start..<end), text(end..<bytes.count))
    }

    static func function(
        _ query: AnalyzedQuery, name: String, sqlName: String, catalog: Catalog, options: EmitOptions,
        into writer: inout SwiftWriter
    ) {
        let labels = NamingRules.unique(query.parameters.map { options.naming.member($0.name) })
        let types = query.parameters.map { options.types.swiftType(for: $0.type, notNull: $0.notNull, column: $0.sourceColumn) }
        writer.documentation(query.documentation)
        if query.command == .copyfrom {
            if usesCopy(query, options: options), let target = query.copyTarget {
                copyFunction(query, target: target, name: name, labels: labels, catalog: catalog, options: options, into: &writer)
            } else {
                multiRowInsertFunction(query, name: name, labels: labels, types: types, catalog: catalog, options: options, into: &writer)
            }
            return
        }
        let (element, decode) = self.element(query, catalog: catalog, options: options)
        writer.line("/// Runs the statement once per element of `batch`, in order, all sent at once on one connection")
        writer.line("/// (in one transaction unless this `Queries` is bound to a connection); throws `QueryBatchError`.")
        writer.block(options.accessPrefix + QuerySignature(query, catalog: catalog, options: options).declaration) { writer in
            writer.line("try await runBatch(batch) { item in")
            writer.indented { writer in
                writer.line("\(query.parameters.isEmpty ? "let" : "var") bindings = PostgresBindings(capacity: \(query.parameters.count))")
                QueriesEmitter.appendBindings(
                    query, labels: labels, types: types, to: "bindings", owner: "item.",
                    catalog: catalog, options: options, into: &writer)
                writer.line("return PostgresQuery(unsafeSQL: Self.\(sqlName), binds: bindings)")
            }
            if element.isEmpty {
                writer.line("}")
            } else {
                writer.line("} result: { rows in")
                writer.indented { $0.line(decode) }
                writer.line("}")
            }
        }
    }

    /// What a `:batchone`/`:batchmany` returns per element of the batch (`Post?`, `[Post]`; empty for
    /// `:batchexec`) and the expression decoding it from that element's `rows`.
    static func element(_ query: AnalyzedQuery, catalog: Catalog, options: EmitOptions) -> (type: String, decode: String) {
        switch (QueriesEmitter.ResultShape(query, catalog: catalog, options: options).kind, query.command) {
        case (.model(let type), .batchone), (.row(let type, _), .batchone):
            return ("\(type)?", "try rows.first.map(\(type).init(cells:))")
        case (.model(let type), .batchmany), (.row(let type, _), .batchmany):
            return ("[\(type)]", "try rows.map(\(type).init(cells:))")
        case (.scalar(let type), .batchone):
            let optional = type.hasSuffix("?") ? type : type + "?"
            return (optional, "try rows.first.map { try $0[0].decode(\(optional).self) } ?? nil")
        case (.scalar(let type), .batchmany):
            return ("[\(type)]", "try rows.map { try $0[0].decode(\(type).self) }")
        default:
            return ("", "")
        }
    }

    /// Whether a `:copyfrom` query runs as `COPY ... FROM STDIN` (its SQL is then not needed).
    static func usesCopy(_ query: AnalyzedQuery, options: EmitOptions) -> Bool {
        // COPY cannot write into a view (an INSERT can, into an updatable one).
        guard query.command == .copyfrom, let target = query.copyTarget, options.types.catalog.table(named: target.table)?.isView != true
        else {
            return false
        }
        let encodable = copyEncodable(options: options)
        return query.parameters.allSatisfy {
            encodable(options.types.swiftType(for: $0.type, notNull: $0.notNull, column: $0.sourceColumn))
        }
    }

    /// Swift types `CopyRow` writes in COPY's text format (the built-in ones, enums and composites); an override
    /// type falls back to the multi-row INSERT, which uses its PostgresNIO encoding.
    static func copyEncodable(options: EmitOptions) -> (String) -> Bool {
        let enums = Set(
            (options.types.catalog.enums.map(\.name) + options.types.catalog.composites.map(\.name)).map(options.naming.enumType))
        return { type in
            var base = type
            if base.hasSuffix("?") { base.removeLast() }
            if base.hasPrefix("[") && base.hasSuffix("]") { base = String(base.dropFirst().dropLast()) }
            return copyTextTypes.contains(base) || enums.contains(base)
        }
    }

    static let copyTextTypes: Set<String> = [
        "String", "Int16", "Int32", "Int64", "UInt32", "Float", "Double", "Decimal", "Bool", "UUID", "Date", "Data", "JSONValue",
        "Interval", "TimeOfDay", "InetAddress", "TimeWithZone", "MACAddress", "MACAddress8",
        "SQLPoint", "SQLLineSegment", "SQLBox", "SQLLine", "SQLCircle", "SQLPath", "SQLPolygon", "TextSearchVector", "TextSearchQuery",
        "SQLRange<Int32>", "SQLRange<Int64>", "SQLRange<Decimal>", "SQLRange<Date>",
        "SQLMultirange<Int32>", "SQLMultirange<Int64>", "SQLMultirange<Decimal>", "SQLMultirange<Date>",
    ]

    /// `COPY table (columns) FROM STDIN` through `Queries.copyFrom`, each value in COPY's text format.
    static func copyFunction(
        _ query: AnalyzedQuery, target: CopyTarget, name: String, labels: [String], catalog: Catalog,
        options: EmitOptions, into writer: inout SwiftWriter
    ) {
        let columns = target.columns.map(\.name)
        writer.line(
            "/// Inserts every element of `rows` into `\(target.table)` with one `COPY ... FROM STDIN`; returns the number inserted.")
        let signature = QuerySignature(query, catalog: catalog, options: options)
        for attribute in signature.attributes { writer.line(attribute) }
        writer.block(options.accessPrefix + signature.declaration) { writer in
            let names = columns.map(swiftStringLiteral)
            let call = "try await copyFrom(into: \(swiftStringLiteral(target.table)), columns: "
            if call.count + names.joined(separator: ", ").count < 90 {
                writer.line(call + "[" + names.joined(separator: ", ") + "], rows: rows) { row, item in")
            } else {
                writer.line(call + "[")
                writer.indented { writer in
                    var line = ""
                    for name in names {
                        if !line.isEmpty, line.count + name.count > 100 {
                            writer.line(line)
                            line = ""
                        }
                        line += line.isEmpty ? name + "," : " " + name + ","
                    }
                    writer.line(line)
                }
                writer.line("], rows: rows) { row, item in")
            }
            writer.indented { writer in
                for column in target.columns {
                    let parameter = query.parameters[column.parameter - 1]
                    let label = labels[column.parameter - 1]
                    let value = "item." + (label.hasPrefix("`") ? String(label.dropFirst().dropLast()) : label)
                    switch catalog.baseType(parameter.type).name {
                    case "date": writer.line("row.append(\(value), as: .date)")
                    case "timestamp": writer.line("row.append(\(value), as: .timestamp)")
                    default: writer.line("row.append(\(value))")
                    }
                }
            }
            writer.line("}")
        }
    }

    /// One multi-row INSERT per 65535 parameters, for parameters whose Swift type `CopyRow` cannot write.
    static func multiRowInsertFunction(
        _ query: AnalyzedQuery, name: String, labels: [String], types: [String], catalog: Catalog,
        options: EmitOptions, into writer: inout SwiftWriter
    ) {
        writer.line(
            "/// Inserts every element of `rows` (one multi-row INSERT per \(max(1, 65535 / max(1, query.parameters.count))) rows); returns the number inserted."
        )
        let signature = QuerySignature(query, catalog: catalog, options: options)
        for attribute in signature.attributes { writer.line(attribute) }
        writer.block(options.accessPrefix + signature.declaration) { writer in
            writer.line("var inserted = 0")
            writer.block("for chunk in Queries.chunks(of: rows, parametersPerRow: \(query.parameters.count))") { writer in
                writer.line("var bindings = PostgresBindings(capacity: chunk.count * \(query.parameters.count))")
                writer.block("for item in chunk") { writer in
                    QueriesEmitter.appendBindings(
                        query, labels: labels, types: types, to: "bindings", owner: "item.",
                        catalog: catalog, options: options, into: &writer)
                }
                let (prefix, tuple, suffix) = valuesTuple(query.sql)
                writer.line(
                    "let sql = Queries.multiRowInsert(\(swiftStringLiteral(prefix)), row: \(swiftStringLiteral(tuple)), suffix: \(swiftStringLiteral(suffix)),"
                )
                writer.line("                                 parametersPerRow: \(query.parameters.count), rows: chunk.count)")
                writer.line("inserted += try await affectedRows(PostgresQuery(unsafeSQL: sql, binds: bindings))")
            }
            writer.line("return inserted")
        }
    }
}
