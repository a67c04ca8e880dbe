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

            Schema files are migrations (goose, dbmate, golang-migrate, sql-migrate, tern, atlas; their down parts are ignored). Config: sqlgen.yaml (schema, queries, output, overrides, rename, or several such sets under `sql:`; see codegen/README.md).

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

    @Option(name: .long, help: "Only the query set whose output.module is this (configs with several `sql:` sets).")
    var module: String?

    @Option(name: .long, help: "A schema file or folder (repeatable); replaces the config's `schema`.")
    var schema: [String] = []

    @Option(name: .long, help: "A query file or folder (repeatable); replaces the config's `queries`.")
    var queries: [String] = []

    /// One loaded query set: its config and the files to read.
    struct QuerySet {
        var config: GeneratorConfig
        var schema: [SourceFile]
        var queries: [SourceFile]
    }

    /// The config's query sets (or defaults when no config file exists and paths are given) with their files.
    func load() throws(Diagnostic) -> [QuerySet] {
        var sets: [GeneratorConfig]
        var base = ""
        if FileManager.default.fileExists(atPath: config) {
            sets = try GeneratorConfig.loadSets(path: config)
            base = (config as NSString).deletingLastPathComponent
        } else if !schema.isEmpty || !queries.isEmpty {
            sets = [GeneratorConfig(schema: [], queries: [])]
        } else {
            throw Diagnostic(path: config, message: "config file not found (pass --config, or --schema and --queries)")
        }
        if let module {
            sets = sets.filter { $0.output.module == module }
            guard !sets.isEmpty else { throw Diagnostic(path: config, message: "no query set has output.module \(module)") }
        }
        if (!schema.isEmpty || !queries.isEmpty) && sets.count > 1 {
            throw Diagnostic(path: config, message: "--schema and --queries replace one query set's paths: choose the set with --module")
        }
        var loaded: [QuerySet] = []
        for var set in sets {
            let schemaPaths = schema.isEmpty ? try SQLFiles.find(set.schema, relativeTo: base) : try SQLFiles.find(schema, relativeTo: "")
            let queryPaths = queries.isEmpty ? try SQLFiles.find(set.queries, relativeTo: base) : try SQLFiles.find(queries, relativeTo: "")
            if !schema.isEmpty { set.schema = schema }
            if !queries.isEmpty { set.queries = queries }
            loaded.append(QuerySet(config: set, schema: try SQLFiles.read(schemaPaths), queries: try SQLFiles.read(queryPaths)))
        }
        return loaded
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes Models.swift, one <File>Queries.swift per query file and EmbeddedMigrations.swift."
    )

    @OptionGroup var inputs: SQLInputs

    @Option(name: .long, help: "The folder to write into (created if missing; stale generated files are removed).")
    var output: String = ".generated"

    func run() throws {
        let sets: [SQLInputs.QuerySet]
        do {
            sets = try inputs.load()
        } catch {
            throw fail([error])
        }
        var outputs: [(folder: String, files: [OutputFile])] = []
        var diagnostics: [Diagnostic] = []
        for set in sets {
            let generator = Generator(config: set.config)
            do {
                let analysis = try generator.analyze(schema: set.schema, queries: set.queries)
                warn(analysis)
                // One set writes into --output; several write into --output/<module>.
                outputs.append((sets.count == 1 ? output : output + "/" + set.config.output.module, generator.emit(analysis)))
            } catch {
                diagnostics += error.items
            }
        }
        guard diagnostics.isEmpty else { throw fail(diagnostics) }
        for (folder, files) in outputs {
            do {
                try OutputFolder(path: folder).write(files)
            } catch {
                throw fail([Diagnostic(path: folder, message: "cannot write the generated files: \(error)")])
            }
        }
    }
}

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prints what the analyzer inferred for each query as JSON (name, cmd, params, columns)."
    )

    @OptionGroup var inputs: SQLInputs

    func run() throws {
        let sets: [SQLInputs.QuerySet]
        do {
            sets = try inputs.load()
        } catch {
            throw fail([error])
        }
        var queries: [AnalyzedQuery] = []
        var diagnostics: [Diagnostic] = []
        for set in sets {
            do {
                let analysis = try Generator(config: set.config).analyze(schema: set.schema, queries: set.queries)
                warn(analysis)
                queries += analysis.queryFiles.flatMap(\.queries)
            } catch {
                diagnostics += error.items
            }
        }
        guard diagnostics.isEmpty else { throw fail(diagnostics) }
        print(QueryDescription.json(queries))
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
        let sets: [SQLInputs.QuerySet]
        do {
            sets = try inputs.load()
        } catch {
            throw fail([error])
        }
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            throw fail([Diagnostic(path: "sqlgen", message: "pass --database-url (or set DATABASE_URL)")])
        }
        var findings: [Diagnostic] = []
        var count = 0
        for set in sets {
            let analysis: Generator.Analysis
            do {
                analysis = try Generator(config: set.config).analyze(schema: set.schema, queries: set.queries)
            } catch {
                throw fail(error.items)
            }
            do {
                findings += try LiveCheck(config: set.config).run(analysis, schema: set.schema, url: url, applySchema: applySchema)
            } catch {
                throw fail([
                    Diagnostic(
                        path: url.replacingOccurrences(of: #"://[^@/]*@"#, with: "://***@", options: .regularExpression),
                        message: "\(error)")
                ])
            }
            count += analysis.queryFiles.reduce(0) { $0 + $1.queries.count }
        }
        guard findings.isEmpty else { throw fail(findings) }
        print("sqlgen check: \(count) queries agree with the server")
    }
}
