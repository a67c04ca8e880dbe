/// The whole pipeline on plain values: SQL files → catalog → analyzed queries → Swift files.
public struct Generator: Sendable {
    public var config: GeneratorConfig

    public init(config: GeneratorConfig) {
        self.config = config
    }

    /// The result of analysis, before emitting: what `describe` prints.
    public struct Analysis: Sendable {
        public var catalog: Catalog
        /// Queries grouped by query file, in file order.
        public var queryFiles: [(path: String, queries: [AnalyzedQuery])]
        public var migrations: [MigrationFile]

        /// Warnings of every query (printed, not fatal).
        public var warnings: [Diagnostic] { queryFiles.flatMap { $0.queries.flatMap(\.warnings) } }
    }

    /// Parses, builds the catalog and analyzes; throws every diagnostic found.
    public func analyze(schema: [SourceFile], queries: [SourceFile]) throws(Diagnostics) -> Analysis {
        let schema = SQLFiles.migrationOrder(schema)
        var diagnostics: [Diagnostic] = []
        let (catalog, schemaDiagnostics) = CatalogBuilder.build(schema)
        diagnostics += schemaDiagnostics

        var migrations: [MigrationFile] = []
        if config.output.migrations {
            var versions: [Int: String] = [:]
            for file in schema {
                do {
                    let migration = try MigrationReader.read(file)
                    if let other = versions[migration.version] {
                        diagnostics.append(
                            Diagnostic(path: file.path, message: "migration version \(migration.version) is also used by \(other)"))
                    }
                    versions[migration.version] = file.path
                    migrations.append(migration)
                } catch {
                    diagnostics.append(error)
                }
            }
        }

        var outputNames: [String: String] = ["Models.swift": "the models", "EmbeddedMigrations.swift": "the migrations"]
        for file in queries {
            let name = SwiftNames.queriesFileName(forQueryFile: file.path)
            if let other = outputNames[name] {
                diagnostics.append(Diagnostic(path: file.path, message: "generates \(name), like \(other): rename one of them"))
            }
            outputNames[name] = file.path
        }

        if config.output.emitProtocol {
            diagnostics += protocolNameClashes(catalog: catalog, queryFiles: queries)
        }

        var parsed: [ParsedQuery] = []
        for file in queries {
            let result = QueryFileParser.parse(file)
            parsed += result.queries
            diagnostics += result.diagnostics
        }
        let (analyzed, analysisDiagnostics) = Analyzer.analyze(parsed, catalog: catalog)
        diagnostics += analysisDiagnostics
        diagnostics += unsupportedTypes(catalog: catalog, queries: analyzed, schema: schema)
        guard diagnostics.isEmpty else { throw Diagnostics(diagnostics) }
        let queryFiles = queries.map { file in (file.path, analyzed.filter { $0.path == file.path }) }
        return Analysis(catalog: catalog, queryFiles: queryFiles, migrations: migrations)
    }

    /// Query files whose protocol (`jobs.sql` → `JobsQueries`) would have the name of another generated
    /// or runtime type.
    func protocolNameClashes(catalog: Catalog, queryFiles: [SourceFile]) -> [Diagnostic] {
        let naming = NamingRules(renames: config.rename)
        var taken = [
            "Queries": "the runtime's Queries", "TransactionalQueries": "the runtime's protocol",
            "QueriesProtocol": "the protocol of every query", "EmbeddedMigrations": "the migrations",
        ]
        for table in catalog.tables { taken[naming.model(table.name)] = "the model of \(table.name)" }
        for type in catalog.enums { taken[naming.enumType(type.name)] = "the enum type \(type.name)" }
        for type in catalog.composites { taken[naming.enumType(type.name)] = "the composite type \(type.name)" }
        return queryFiles.compactMap { file in
            let name = SwiftNames.queriesProtocolName(forQueryFile: file.path)
            guard let other = taken[name] else { return nil }
            return Diagnostic(path: file.path, message: "its protocol \(name) would have the name of \(other): rename the file or the type")
        }
    }

    /// Columns and parameters whose type has no Swift mapping and no override.
    func unsupportedTypes(catalog: Catalog, queries: [AnalyzedQuery], schema: [SourceFile]) -> [Diagnostic] {
        let types = SwiftTypes(catalog: catalog, overrides: config.overrides)
        let hint = "add an override to sqlgen.yaml (overrides: - db_type: NAME, swift_type: ...) or cast it (::text)"
        var found: [Diagnostic] = []
        for table in catalog.tables {
            for column in table.columns where !types.isSupported(column.type, column: "\(table.name).\(column.name)") {
                let message = "column \(table.name).\(column.name) has type \(column.type.name), which has no Swift type yet: \(hint)"
                found.append(column.origin?.diagnostic(message) ?? Diagnostic(path: schema.last?.path ?? "schema", message: message))
            }
        }
        for query in queries {
            let parameters = query.parameters.map { ($0.name, $0.type, $0.sourceColumn) }
            let columns = query.columns.map { column in (column.name, column.type, column.table.map { "\($0).\(column.name)" }) }
            let typed = parameters + columns
            for (name, type, column) in typed where !types.isSupported(type, column: column) && column == nil {
                found.append(
                    Diagnostic(
                        path: query.path, line: query.line,
                        message: "\(name) in \(query.name) has type \(type.name), which has no Swift type yet: \(hint)"))
            }
        }
        return found
    }

    /// The Swift files for `analysis`: `Models.swift`, one `…Queries.swift` per query file and
    /// `EmbeddedMigrations.swift`.
    public func emit(_ analysis: Analysis) -> [OutputFile] {
        let naming = NamingRules(renames: config.rename)
        let types = SwiftTypes(catalog: analysis.catalog, overrides: config.overrides, naming: naming)
        var options = EmitOptions(access: config.output.access, types: types, naming: naming)
        options.imports = config.output.imports
        options.codable = config.output.codable
        options.emitProtocol = config.output.emitProtocol
        var files = [ModelsEmitter.emit(analysis.catalog, options: options)]
        for (path, queries) in analysis.queryFiles {
            files.append(QueriesEmitter.emit(queries, queryFile: path, catalog: analysis.catalog, options: options))
        }
        if config.output.migrations {
            files.append(MigrationsEmitter.emit(analysis.migrations, options: options))
        }
        if config.output.emitProtocol {
            files.append(ProtocolEmitter.emit(queryFiles: files.filter { $0.name.hasSuffix("Queries.swift") }, options: options))
        }
        return files
    }
}
