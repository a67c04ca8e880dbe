/// One Swift file per query file: `extension Queries { public func name(...) async throws -> T }`,
/// plus a `…Row` struct for results that are not exactly a table's row.
public enum QueriesEmitter {
    public static func emit(_ queries: [AnalyzedQuery], queryFile path: String, catalog: Catalog, options: EmitOptions) -> OutputFile {
        var writer = SwiftWriter()
        writer.line(OutputFile.marker)
        writer.line("// Queries of \(path.split(separator: "/").last.map(String.init) ?? path).")
        writer.line()
        for line in options.importLines(["Foundation", "PostgresNIO"]) { writer.line(line) }
        for query in queries {
            let result = ResultShape(query, catalog: catalog, options: options)
            if case .row(let name, let fields) = result.kind {
                writer.line()
                writer.line("/// A row of `\(query.name)`.")
                ModelsEmitter.structure(name: name, fields: fields, options: options, into: &writer)
            }
            if BatchEmitter.takesRows(query) {
                writer.line()
                writer.line("/// One set of parameters of `\(query.name)`.")
                ModelsEmitter.structure(
                    name: query.name + "Params", fields: BatchEmitter.parameterFields(query, options: options),
                    options: options, into: &writer)
            }
        }
        if !queries.isEmpty {
            writer.line()
            writer.block("extension Queries") { writer in
                for (index, query) in queries.enumerated() {
                    if index > 0 { writer.line() }
                    function(query, catalog: catalog, options: options, into: &writer)
                }
            }
            if options.emitProtocol {
                writer.line()
                FileProtocolEmitter.emit(queries, queryFile: path, catalog: catalog, options: options, into: &writer)
            }
        }
        return OutputFile(name: SwiftNames.queriesFileName(forQueryFile: path), content: writer.text)
    }

    /// How a query's rows come back.
    struct ResultShape {
        enum Kind {
            case none
            case model(String)
            case row(String, [ModelsEmitter.Field])
            case scalar(String)
        }

        var kind: Kind

        init(_ query: AnalyzedQuery, catalog: Catalog, options: EmitOptions) {
            let columns = query.columns
            if columns.isEmpty || !query.command.returnsRows {
                kind = .none
            } else if columns.contains(where: { $0.embed != nil }) {
                kind = .row(query.name + "Row", Self.fields(columns, options: options))
            } else if let table = Self.wholeTable(columns, catalog: catalog) {
                kind = .model(options.naming.model(table.name))
            } else if columns.count == 1, let column = columns.first {
                kind = .scalar(
                    options.types.swiftType(for: column.type, notNull: column.notNull, column: column.table.map { "\($0).\(column.name)" }))
            } else {
                kind = .row(
                    query.name + "Row",
                    columns.map { column in
                        ModelsEmitter.Field(
                            name: options.naming.member(column.name, table: column.table),
                            type: options.types.swiftType(
                                for: column.type, notNull: column.notNull, column: column.table.map { "\($0).\(column.name)" }))
                    })
            }
        }

        /// One field per column, except `sqlc.embed` columns: one field of the model type per embed.
        static func fields(_ columns: [ResultColumn], options: EmitOptions) -> [ModelsEmitter.Field] {
            var fields: [ModelsEmitter.Field] = []
            var index = 0
            while index < columns.count {
                let column = columns[index]
                if let embed = column.embed, let table = column.table {
                    let count = columns[index...].prefix { $0.embed == embed }.count
                    let model = options.naming.model(table)
                    fields.append(
                        ModelsEmitter.Field(
                            name: SwiftNames.memberName(model), type: column.embedNullable ? model + "?" : model,
                            embeddedColumns: count, optionalEmbed: column.embedNullable))
                    index += count
                    continue
                }
                fields.append(
                    ModelsEmitter.Field(
                        name: options.naming.member(column.name, table: column.table),
                        type: options.types.swiftType(
                            for: column.type, notNull: column.notNull, column: column.table.map { "\($0).\(column.name)" })))
                index += 1
            }
            return fields
        }

        /// The table whose columns the result is, all of them and in order.
        static func wholeTable(_ columns: [ResultColumn], catalog: Catalog) -> Table? {
            guard let name = columns.first?.table, let table = catalog.table(named: name),
                table.columns.count == columns.count
            else { return nil }
            for (column, tableColumn) in zip(columns, table.columns) {
                guard column.table == name, column.name == tableColumn.name, column.notNull == tableColumn.notNull else { return nil }
            }
            return table
        }
    }

    /// `name`, or `name_`, `name__`... if a parameter already has it.
    static func local(_ name: String, avoiding labels: [String]) -> String {
        var result = name
        while labels.contains(result) || labels.contains("`\(result)`") { result += "_" }
        return result
    }

    /// `bindings.append(value)` for each parameter; `owner` prefixes the values (`item.`).
    static func appendBindings(
        _ query: AnalyzedQuery, labels: [String], types: [String], to bindings: String, owner: String = "",
        catalog: Catalog, options: EmitOptions, into writer: inout SwiftWriter
    ) {
        for ((label, type), parameter) in zip(zip(labels, types), query.parameters) {
            let bare = owner + (label.hasPrefix("`") && owner.isEmpty ? String(label.dropFirst().dropLast()) : label)
            var value = bare
            if parameter.type.isArray, catalog.enumType(named: parameter.type.name) != nil,
                type.hasPrefix("[\(options.naming.enumType(parameter.type.name))]")
            {
                value = parameter.notNull ? "PostgresEnumArray(elements: \(bare))" : "\(bare).map { PostgresEnumArray(elements: $0) }"
            }
            // citext bound as text would make `code = $1` compare case-sensitively: let the server infer it.
            if !parameter.type.isArray, catalog.baseType(parameter.type).name == "citext", type == "String" || type == "String?" {
                value = parameter.notNull ? "UntypedText(\(bare))" : "\(bare).map(UntypedText.init)"
            }
            writer.line((options.types.bindingThrows(type) ? "try " : "") + "\(bindings).append(\(value))")
        }
    }

    static func function(_ query: AnalyzedQuery, catalog: Catalog, options: EmitOptions, into writer: inout SwiftWriter) {
        let functionName = SwiftNames.memberName(query.name)
        let bareName = functionName.hasPrefix("`") ? String(functionName.dropFirst().dropLast()) : functionName
        let sqlName = bareName + "SQL"
        if !BatchEmitter.usesCopy(query, options: options) {
            writer.rawStringLiteral(query.sql, prefix: "static let \(sqlName) = ")
            writer.line()
        }

        let labels = NamingRules.unique(query.parameters.map { options.naming.member($0.name) })
        let types = query.parameters.map { options.types.swiftType(for: $0.type, notNull: $0.notNull, column: $0.sourceColumn) }
        if BatchEmitter.takesRows(query) {
            BatchEmitter.function(query, name: functionName, sqlName: sqlName, catalog: catalog, options: options, into: &writer)
            return
        }
        let signature = zip(labels, types).map { "\($0): \($1)" }.joined(separator: ", ")
        let shape = ResultShape(query, catalog: catalog, options: options)
        let declaration = QuerySignature(query, catalog: catalog, options: options)
        writer.documentation(query.documentation)
        for attribute in declaration.attributes { writer.line(attribute) }
        writer.block(options.accessPrefix + declaration.declaration) { writer in
            // Locals must not shadow a parameter (a column could be named `bindings` or `row`).
            let bindings = local("bindings", avoiding: labels)
            let row = local("row", avoiding: labels)
            let variable = query.parameters.isEmpty ? "let" : "var"
            writer.line("\(variable) \(bindings) = PostgresBindings(capacity: \(query.parameters.count))")
            appendBindings(query, labels: labels, types: types, to: bindings, catalog: catalog, options: options, into: &writer)
            let statement = "PostgresQuery(unsafeSQL: Self.\(sqlName), binds: \(bindings))"
            switch (shape.kind, query.command) {
            case (.model(let name), .one), (.row(let name, _), .one):
                writer.line("return try await rows(\(statement)).first.map(\(name).init(row:))")
            case (.model(let name), .many), (.row(let name, _), .many):
                writer.line("return try await rows(\(statement)).map(\(name).init(row:))")
            case (.scalar(let type), .one):
                let decoded = type.hasSuffix("?") ? type : type + "?"
                writer.line("guard let \(row) = try await rows(\(statement)).first else { return nil }")
                writer.line("return try \(row).makeRandomAccess()[0].decode(\(decoded).self)")
            case (.scalar(let type), .many):
                writer.line("return try await rows(\(statement)).map { try $0.makeRandomAccess()[0].decode(\(type).self) }")
            case (_, .execrows), (_, .execresult):
                writer.line("return try await affectedRows(\(statement))")
            default:
                writer.line("try await execute(\(statement))")
            }
        }
        guard query.command == .many else { return }
        let element: String
        let decode: String
        switch shape.kind {
        case .model(let name), .row(let name, _): (element, decode) = (name, "\(name)(row: $0)")
        case .scalar(let type): (element, decode) = (type, "$0.makeRandomAccess()[0].decode(\(type).self)")
        case .none: return
        }
        writer.line()
        writer.line("/// `\(functionName)(...)` as the rows arrive, for results too large to hold in memory.")
        writer.block(
            "\(options.accessPrefix)func \(bareName)Stream(\(signature)) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, \(element)>"
        ) { writer in
            let bindings = local("bindings", avoiding: labels)
            writer.line("\(query.parameters.isEmpty ? "let" : "var") \(bindings) = PostgresBindings(capacity: \(query.parameters.count))")
            appendBindings(query, labels: labels, types: types, to: bindings, catalog: catalog, options: options, into: &writer)
            writer.line("return try await stream(PostgresQuery(unsafeSQL: Self.\(sqlName), binds: \(bindings))).map { try \(decode) }")
        }
    }
}
