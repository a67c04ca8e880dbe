/// A schema file as a migration: version, name, checksum and the statements of its Up section.
public struct MigrationFile: Sendable, Hashable {
    public var version: Int
    public var name: String
    /// SHA-256 of the file's bytes, lower-case hex.
    public var checksum: String
    public var statements: [String]
    /// False for goose's `-- +goose NO TRANSACTION` (e.g. CREATE INDEX CONCURRENTLY).
    public var transactional: Bool = true
}

/// `EmbeddedMigrations.swift`: the schema files, so `migrate` needs no files on disk.
/// The generated code builds the runtime's `Migration(version:name:checksum:statements:)` values.
public enum MigrationsEmitter {
    public static func emit(_ migrations: [MigrationFile], options: EmitOptions) -> OutputFile {
        let access = options.accessPrefix
        var writer = SwiftWriter()
        writer.line(OutputFile.marker)
        writer.line("// The schema migrations, embedded at build time.")
        writer.line()
        for line in options.importLines([]) { writer.line(line) }
        writer.line()
        writer.line("/// The schema migrations in version order; `Migrator` applies them.")
        writer.block("\(access)enum EmbeddedMigrations") { writer in
            writer.line("\(access)static let all: [Migration] = [")
            writer.indented { writer in
                for migration in migrations {
                    writer.line("Migration(")
                    writer.indented { writer in
                        writer.line("version: \(migration.version),")
                        writer.line("name: \(swiftStringLiteral(migration.name)),")
                        writer.line("checksum: \(swiftStringLiteral(migration.checksum)),")
                        writer.line("statements: [")
                        writer.indented { writer in
                            for statement in migration.statements {
                                writer.rawStringLiteral(statement, prefix: "", suffix: ",")
                            }
                        }
                        writer.line(migration.transactional ? "]" : "],")
                        if !migration.transactional { writer.line("transactional: false") }
                    }
                    writer.line("),")
                }
            }
            writer.line("]")
        }
        return OutputFile(name: "EmbeddedMigrations.swift", content: writer.text)
    }
}
