import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct MigratorTests {
    @Test func migratingTwiceAppliesEachFileOnce() async throws {
        try await ScratchDatabase.withClient { client in
            let migrator = Migrator(client: client, logger: ScratchDatabase.logger)
            let first = try await migrator.migrate()
            #expect(first.map(\.name) == EmbeddedMigrations.all.map(\.name))
            #expect(!first.isEmpty)
            let second = try await migrator.migrate()
            #expect(second.isEmpty)

            let rows = try await client.query(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version", logger: ScratchDatabase.logger)
            var recorded: [(Int64, String, String)] = []
            for try await row in rows.decode((Int64, String, String).self) { recorded.append(row) }
            #expect(recorded.map(\.1) == EmbeddedMigrations.all.map(\.name))
            #expect(recorded.map(\.2) == EmbeddedMigrations.all.map(\.checksum))
            // The schema is really there.
            let tables = try await client.query("SELECT count(*) FROM uploads", logger: ScratchDatabase.logger).collect()
            #expect(tables.count == 1)
        }
    }

    @Test func anEditedAppliedFileIsRefused() async throws {
        try await ScratchDatabase.withClient { client in
            let original = Migration(version: 1, name: "0001_things.sql", checksum: "aaa", statements: ["CREATE TABLE things (id int)"])
            try await Migrator(client: client, migrations: [original], logger: ScratchDatabase.logger).migrate()

            var edited = original
            edited.checksum = "bbb"
            edited.statements = ["CREATE TABLE things (id bigint)"]
            let next = Migration(version: 2, name: "0002_more.sql", checksum: "ccc", statements: ["CREATE TABLE more (id int)"])
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(client: client, migrations: [edited, next], logger: ScratchDatabase.logger).migrate()
            }
            #expect(error?.migration == "0001_things.sql")
            #expect(error?.description.contains("changed") == true)
            // Nothing after the refused file ran.
            let more = try await client.query("SELECT count(*) FROM pg_tables WHERE tablename = 'more'", logger: ScratchDatabase.logger)
            for try await count in more.decode(Int64.self) { #expect(count == 0) }
        }
    }

    @Test func aFailingFileIsRolledBackAndNamed() async throws {
        try await ScratchDatabase.withClient { client in
            let broken = Migration(
                version: 1, name: "0001_broken.sql", checksum: "x",
                statements: ["CREATE TABLE half (id int)", "CREATE TABLE half (id int)"])
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(client: client, migrations: [broken], logger: ScratchDatabase.logger).migrate()
            }
            #expect(error?.migration == "0001_broken.sql")
            #expect(error?.message.contains("already exists") == true)
            let half = try await client.query("SELECT count(*) FROM pg_tables WHERE tablename = 'half'", logger: ScratchDatabase.logger)
            for try await count in half.decode(Int64.self) { #expect(count == 0) }
        }
    }

    @Test func nonTransactionalFilesRunOutsideATransaction() async throws {
        try await ScratchDatabase.withClient { client in
            let table = Migration(version: 1, name: "0001_t.sql", checksum: "a", statements: ["CREATE TABLE t (a int)"])
            // CREATE INDEX CONCURRENTLY fails inside a transaction block.
            let index = Migration(
                version: 2, name: "0002_i.sql", checksum: "b",
                statements: ["CREATE INDEX CONCURRENTLY t_a ON t (a)"], transactional: false)
            let applied = try await Migrator(client: client, migrations: [table, index], logger: ScratchDatabase.logger).migrate()
            #expect(applied.map(\.version) == [1, 2])
        }
    }

    @Test func concurrentMigratorsApplyEachFileOnce() async throws {
        try await ScratchDatabase.withClient { client in
            // Slow enough that the two runs overlap; without the lock the second CREATE TABLE fails.
            let slow = Migration(
                version: 1, name: "0001_slow.sql", checksum: "s",
                statements: ["SELECT pg_sleep(0.5)", "CREATE TABLE once (id int)"])
            let migrator = Migrator(client: client, migrations: [slow], logger: ScratchDatabase.logger)
            async let first = migrator.migrate()
            async let second = migrator.migrate()
            let results = try await [first, second]
            #expect(results.map(\.count).sorted() == [0, 1])
        }
    }
}
