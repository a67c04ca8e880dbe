/// The analyze stage: parsed queries + catalog → typed queries, or diagnostics.
public enum Analyzer {
    public static func analyze(_ queries: [ParsedQuery], catalog: Catalog) -> (queries: [AnalyzedQuery], diagnostics: [Diagnostic]) {
        var analyzed: [AnalyzedQuery] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: ParsedQuery] = [:]
        for query in queries {
            if let first = seen[query.annotation.name] {
                let (line, _) = first.file.position(ofByte: first.statementOffset + first.annotation.location)
                diagnostics.append(
                    query.diagnostic(
                        atRewritten: nil,
                        "duplicate query name \"\(query.annotation.name)\" (first defined at \(first.file.path):\(line))"))
                continue
            }
            seen[query.annotation.name] = query
            do {
                analyzed.append(try analyze(query, catalog: catalog))
            } catch {
                diagnostics.append(query.diagnostic(atRewritten: error.location, error.message))
            }
        }
        return (analyzed, diagnostics)
    }

    /// `:copyfrom` inserts rows: `INSERT INTO t (a, b) VALUES ($1, $2)`, one parameter per column.
    static func checkCopyFrom(_ tree: ParseNode, location: Int?) throws(AnalysisError) -> CopyTarget {
        let usage = ":copyfrom needs INSERT INTO table (columns) VALUES ($1, ...) with one parameter per column"
        guard let insert = tree.node("InsertStmt"), let rows = insert["selectStmt"]?.node("SelectStmt")?["valuesLists"]?.elements,
            rows.count == 1, insert["onConflictClause"] == nil, insert["returningList"] == nil
        else {
            throw AnalysisError(message: usage, location: location)
        }
        let values = rows[0].node("List")?["items"]?.elements ?? []
        let columns = insert["cols"]?.elements.count ?? 0
        let parameters = values.filter { $0.node("ParamRef") != nil || $0.node("TypeCast")?["arg"]?.node("ParamRef") != nil }
        guard parameters.count == values.count, columns == values.count else {
            throw AnalysisError(
                message:
                    "wrong parameter count for :copyfrom: \(values.count) values (\(parameters.count) parameters) for \(columns) columns; \(usage)",
                location: location)
        }
        let names = insert["cols"]?.elements.compactMap { $0.node("ResTarget")?["name"]?.stringValue } ?? []
        let numbers = values.compactMap { value in
            (value.node("ParamRef") ?? value.node("TypeCast")?["arg"]?.node("ParamRef"))?["number"]?.intValue
        }
        return CopyTarget(
            table: TypeNames.relation(insert["relation"]),
            columns: zip(names, numbers).map { CopyTarget.Column(name: $0, parameter: $1) })
    }

    static func analyze(_ parsed: ParsedQuery, catalog: Catalog) throws(AnalysisError) -> AnalyzedQuery {
        let annotation = parsed.annotation
        let annotationOffset = parsed.query.edits.isEmpty ? annotation.location : nil
        let copyTarget = annotation.command == .copyfrom ? try checkCopyFrom(parsed.query.tree, location: annotationOffset) : nil
        let analyzer = QueryAnalyzer(catalog: catalog, embeds: Set(parsed.query.embeds))
        let columns = try analyzer.analyze(parsed.query.tree).map { column in
            var column = column
            column.type = catalog.baseType(column.type)
            return column
        }
        if annotation.command.returnsRows && columns.isEmpty {
            throw AnalysisError(
                message:
                    "query \"\(annotation.name)\" is :\(annotation.command.rawValue) but returns no columns (add RETURNING, or use :exec)",
                location: annotationOffset)
        }
        let parameters = try parameters(of: parsed, analyzer: analyzer)
        let (line, _) = parsed.file.position(ofByte: parsed.statementOffset + annotation.location)
        let warnings = analyzer.warnings.map { warning in
            var diagnostic = parsed.diagnostic(atRewritten: warning.location, warning.message)
            diagnostic.isWarning = true
            return diagnostic
        }
        return AnalyzedQuery(
            name: annotation.name,
            command: annotation.command,
            documentation: annotation.documentation,
            sql: executableSQL(parsed.query.sql),
            parameters: parameters,
            columns: columns,
            path: parsed.file.path,
            line: line,
            warnings: warnings,
            copyTarget: copyTarget
        )
    }

    /// Numbers 1...max, each typed and named; names made unique (`created_at`, `created_at_2`).
    static func parameters(of parsed: ParsedQuery, analyzer: QueryAnalyzer) throws(AnalysisError) -> [QueryParameter] {
        var locations: [Int: Int] = [:]
        parsed.query.tree.walk { node in
            if let ref = node.node("ParamRef"), let number = ref["number"]?.intValue, locations[number] == nil {
                locations[number] = ref["location"]?.intValue
            }
        }
        let count = locations.keys.max() ?? 0
        var result: [QueryParameter] = []
        var used: [String: Int] = [:]
        for number in 1..<(count + 1) {
            guard let location = locations[number] else {
                throw AnalysisError(
                    message: "parameter $\(number) is never used (parameters must be numbered $1...$\(count) without gaps)", location: nil)
            }
            let clue = analyzer.parameters[number]
            guard let type = clue?.type else {
                throw AnalysisError(
                    message: "could not determine data type of parameter $\(number): add a cast, e.g. $\(number)::text", location: location)
            }
            let base = parsed.query.names[number] ?? clue?.name ?? "column_\(number)"
            var name = base
            if parsed.query.names[number] == nil, let times = used[base] {
                name += "_\(times + 1)"
            }
            used[base, default: 0] += 1
            let notNull = parsed.query.forcedNullable.contains(number) ? false : clue?.notNull ?? true
            result.append(QueryParameter(number: number, name: name, type: type, notNull: notNull, sourceColumn: clue?.sourceColumn))
        }
        return result
    }

    /// The statement without its leading comment lines (annotation, documentation), trimmed.
    static func executableSQL(_ sql: String) -> String {
        var lines = sql.byteLines.map { $0.text[...] }
        while let first = lines.first {
            let trimmed = first.trimmingCharacters(in: " \t\r")
            guard trimmed.isEmpty || trimmed.hasPrefix("--") else { break }
            lines.removeFirst()
        }
        while let last = lines.last, last.trimmingCharacters(in: " \t\r").isEmpty { lines.removeLast() }
        return lines.map { line in
            var line = line
            while line.last == " " || line.last == "\t" || line.last == "\r" { line = line.dropLast() }
            return String(line)
        }.joined(separator: "\n")
    }
}
