/// With `output.protocol: true`, the functions of one query file as a protocol named after the file
/// (`uploadFile.sql` → `UploadFileQueries`, `jobs.sql` → `JobsQueries`) that `Queries` conforms to.
/// Each refines the runtime's `TransactionalQueries`, so a service can hold
/// `any UploadFileQueries & JobsQueries` (or be generic over them), open a transaction on it, and be
/// unit-tested with an in-memory fake that implements only the files it uses. The `…Stream`
/// variants of `:many` queries are left out: their `PostgresRowSequence` only a connection makes.
enum FileProtocolEmitter {
    static func emit(
        _ queries: [AnalyzedQuery], queryFile path: String, catalog: Catalog, options: EmitOptions,
        into writer: inout SwiftWriter
    ) {
        let name = SwiftNames.queriesProtocolName(forQueryFile: path)
        let file = path.split(separator: "/").last.map(String.init) ?? path
        writer.line("/// The queries of \(file), as `Queries` runs them on PostgreSQL; a test double may keep them in memory")
        writer.line("/// (its `withTransaction` runs the body on itself).")
        writer.block("\(options.accessPrefix)protocol \(name): TransactionalQueries") { writer in
            for (index, query) in queries.enumerated() {
                if index > 0 { writer.line() }
                let signature = QuerySignature(query, catalog: catalog, options: options)
                writer.documentation(query.documentation)
                for attribute in signature.attributes { writer.line(attribute) }
                writer.line(signature.declaration)
            }
        }
        writer.line()
        writer.line("extension Queries: \(name) {}")
    }
}
