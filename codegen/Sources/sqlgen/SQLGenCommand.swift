import ArgumentParser
import Foundation
import SQLGenKit

@main
struct SQLGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlgen",
        abstract: "Generates type-safe Swift (PostgresNIO) from SQL schema and annotated queries, like sqlc.",
        discussion: """
            Queries are annotated sqlc-style: `-- name: GetUser :one` (also :many, :exec, :execrows, :execresult, :copyfrom, :batchexec, :batchone, :batchmany). Parameters: $1, @name, sqlc.arg(name), sqlc.narg(name) (optional), sqlc.slice(name) (an array: `IN (sqlc.slice(ids))` or `= ANY(...)`); `SELECT sqlc.embed(t)` nests t's model.

            Schema files are migrations (goose, dbmate, golang-migrate, sql-migrate, tern, atlas; their down parts are ignored). Config: sqlgen.yaml (schema, queries, output, overrides, rename; see codegen/README.md).

            Errors are printed as path:line:col: error: ... (exit status 1); warnings as path:line:col: warning: ...

            generate: writes the Swift files (the build plugin runs it on every build).
            describe: prints the analysis as JSON (name, cmd, params, columns; PostgreSQL type names).
            check: prepares every query on a live database and reports where its types disagree.
            """,
        subcommands: [Generate.self, Describe.self, Check.self]
    )
}

/// Prints warnings (`path:line:col: warning: ...`) to standard error; they do not fail the command.
func warn(_ analysis: Generator.Analysis) {
    for warning in analysis.warnings {
        FileHandle.standardError.write(Data((warning.description + "\n").utf8))
    }
}

/// Prints diagnostics the way compilers do and exits 1 (a thrown error would crash a build plugin).
func fail(_ diagnostics: [Diagnostic]) -> ExitCode {
    for diagnostic in diagnostics {
        FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
    }
    return ExitCode(1)
}

struct SQLInputs: ParsableArguments {
    @Option(name: .long, help: "The config file; relative paths in it are relative to its folder.")
    var config: String = "sqlgen.yaml"

    @Option(name: .long, help: "A schema file or folder (repeatable); replaces the config's `schema`.")
    var schema: [String] = []

    @Option(name: .long, help: "A query file or folder (repeatable); replaces the config's `queries`.")
    var queries: [String] = []

    /// The config (or defaults when no config file exists and paths are given) and the files to read.
    func load() throws(Diagnostic) -> (config: GeneratorConfig, schema: [SourceFile], queries: [SourceFile]) {
        var config: GeneratorConfig
        var base = ""
        if FileManager.default.fileExists(atPath: config_) {
            config = try GeneratorConfig.load(path: config_)
            base = (config_ as NSString).deletingLastPathComponent
        } else if !schema.isEmpty || !queries.isEmpty {
            config = GeneratorConfig(schema: [], queries: [])
        } else {
            throw Diagnostic(path: config_, message: "config file not found (pass --config, or --schema and --queries)")
        }
        let schemaPaths = schema.isEmpty ? try SQLFiles.find(config.schema, relativeTo: base) : try SQLFiles.find(schema, relativeTo: "")
        let queryPaths = queries.isEmpty ? try SQLFiles.find(config.queries, relativeTo: base) : try SQLFiles.find(queries, relativeTo: "")
        if !schema.isEmpty { config.schema = schema }
        if !queries.isEmpty { config.queries = queries }
        return (config, try SQLFiles.read(schemaPaths), try SQLFiles.read(queryPaths))
    }

    private var config_: String { config }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes Models.swift, one <File>Queries.swift per query file and EmbeddedMigrations.swift."
    )

    @OptionGroup var inputs: SQLInputs

    @Option(name: .long, help: "The folder to write into (created if missing; stale generated files are removed).")
    var output: String = ".generated"

    func run() throws {
        let loaded: (config: GeneratorConfig, schema: [SourceFile], queries: [SourceFile])
        do {
            loaded = try inputs.load()
        } catch {
            throw fail([error])
        }
        let generator = Generator(config: loaded.config)
        let files: [OutputFile]
        do {
            let analysis = try generator.analyze(schema: loaded.schema, queries: loaded.queries)
            warn(analysis)
            files = generator.emit(analysis)
        } catch {
            throw fail(error.items)
        }
        do {
            try OutputFolder(path: output).write(files)
        } catch {
            throw fail([Diagnostic(path: output, message: "cannot write the generated files: \(error)")])
        }
    }
}

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prints what the analyzer inferred for each query as JSON (name, cmd, params, columns)."
    )

    @OptionGroup var inputs: SQLInputs

    func run() throws {
        let loaded: (config: GeneratorConfig, schema: [SourceFile], queries: [SourceFile])
        do {
            loaded = try inputs.load()
        } catch {
            throw fail([error])
        }
        do {
            let analysis = try Generator(config: loaded.config).analyze(schema: loaded.schema, queries: loaded.queries)
            warn(analysis)
            print(QueryDescription.json(analysis.queryFiles.flatMap(\.queries)))
        } catch {
            throw fail(error.items)
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prepares every query on a live PostgreSQL and reports where its types disagree with sqlgen's.",
        discussion: """
            Nothing runs: each query is only parsed and described by the server (libpq PQprepare/PQdescribePrepared). Reported: parameter and column types the server infers differently, and Swift types (overrides) that cannot hold the server's type. Exit status 1 when anything is reported. Needs libpq at run time.
            """
    )

    @OptionGroup var inputs: SQLInputs

    @Option(name: .long, help: "postgres://user:pass@host:port/db (or a libpq key=value string); default $DATABASE_URL.")
    var databaseURL: String?

    @Flag(name: .long, help: "Apply the schema files to a scratch database on that server first (dropped afterwards).")
    var applySchema = false

    func run() throws {
        let loaded: (config: GeneratorConfig, schema: [SourceFile], queries: [SourceFile])
        do {
            loaded = try inputs.load()
        } catch {
            throw fail([error])
        }
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            throw fail([Diagnostic(path: "sqlgen", message: "pass --database-url (or set DATABASE_URL)")])
        }
        let analysis: Generator.Analysis
        do {
            analysis = try Generator(config: loaded.config).analyze(schema: loaded.schema, queries: loaded.queries)
        } catch {
            throw fail(error.items)
        }
        let findings: [Diagnostic]
        do {
            findings = try LiveCheck(config: loaded.config).run(analysis, schema: loaded.schema, url: url, applySchema: applySchema)
        } catch {
            throw fail([Diagnostic(path: url.replacingOccurrences(of: #"://[^@/]*@"#, with: "://***@", options: .regularExpression), message: "\(error)")])
        }
        guard findings.isEmpty else { throw fail(findings) }
        let count = analysis.queryFiles.reduce(0) { $0 + $1.queries.count }
        print("sqlgen check: \(count) queries agree with the server")
    }
}
