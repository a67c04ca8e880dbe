import Logging
import PostgresNIO
import SQLGenRuntime

/// Applies schema migrations (by default the ones embedded from sql/schema) to a database.
///
/// Each file runs in its own transaction and is recorded in `schema_migrations` (version, name,
/// checksum, applied_at). Concurrent migrators serialize on a session-level advisory lock, so a file
/// is applied once. A file that was applied and then edited is refused: write a new migration instead.
public struct Migrator: Sendable {
    public var client: PostgresClient
    public var migrations: [Migration]
    public var logger: Logger

    /// The advisory lock key all migrators of this schema take (any constant; "S3UpMigr" in ASCII).
    static let lockKey: Int64 = 0x5333_5570_4D69_6772

    public init(client: PostgresClient, migrations: [Migration] = EmbeddedMigrations.all, logger: Logger) {
        self.client = client
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies the migrations not applied yet, in version order, and returns them (empty when the
    /// database was up to date).
    @discardableResult
    public func migrate() async throws -> [Migration] {
        let ordered = try validated()
        return try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let applied = try await apply(ordered, on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    /// The migrations sorted by version; duplicate versions are refused.
    func validated() throws -> [Migration] {
        let ordered = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where previous.version == next.version {
            throw MigrationError(migration: next.name, message: "has the same version (\(next.version)) as \(previous.name)")
        }
        return ordered
    }

    private func apply(_ ordered: [Migration], on connection: PostgresConnection) async throws -> [Migration] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    bigint PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        var recorded: [Int: (name: String, checksum: String)] = [:]
        for try await (version, name, checksum) in try await connection.query(
            "SELECT version, name, checksum FROM schema_migrations", logger: logger
        ).decode((Int64, String, String).self) {
            recorded[Int(version)] = (name, checksum)
        }
        for migration in ordered {
            guard let applied = recorded[migration.version], applied.checksum != migration.checksum else { continue }
            throw MigrationError(
                migration: migration.name,
                message: """
                    was applied (as \(applied.name), checksum \(applied.checksum)) but the file has changed since \
                    (checksum \(migration.checksum)); restore it and put the change in a new migration
                    """)
        }
        let known = Set(ordered.map(\.version))
        for (version, record) in recorded.sorted(by: { $0.key < $1.key }) where !known.contains(version) {
            logger.warning(
                "database has a migration this build does not know (a newer build applied it?)",
                metadata: ["migration": "\(record.name)", "version": "\(version)"])
        }
        var applied: [Migration] = []
        for migration in ordered where recorded[migration.version] == nil {
            logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
            if migration.transactional {
                try await PostgresTransactions.unwrapping {
                    try await connection.withTransaction(logger: logger) { connection in
                        try await run(migration, on: connection)
                    }
                }
            } else {
                try await run(migration, on: connection)
            }
            applied.append(migration)
        }
        return applied
    }
}

extension Migrator {
    /// Runs a migration's statements, then records it.
    private func run(_ migration: Migration, on connection: PostgresConnection) async throws {
        for (index, statement) in migration.statements.enumerated() {
            do {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            } catch let error as PSQLError {
                let reason = error.serverInfo?[.message] ?? "\(error.code)"
                throw MigrationError(migration: migration.name, message: "statement \(index + 1) failed: \(reason)")
            }
        }
        let version = Int64(migration.version)
        try await connection.query(
            """
            INSERT INTO schema_migrations (version, name, checksum) VALUES (\(version), \(migration.name), \(migration.checksum))
            """, logger: logger)
    }
}

/// A migration that cannot be applied, naming its file.
public struct MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name, e.g. `0001_uploads.sql`.
    public var migration: String
    public var message: String

    public var description: String { "migration \(migration) \(message)" }
}
