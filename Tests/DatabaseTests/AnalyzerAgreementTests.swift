import Database
import Foundation
import PostgresNIO
import SQLGenKit
import TestSupport
import Testing

/// sqlgen's parameter types are what PostgreSQL itself infers: every query of the project (and a
/// corpus of harder ones) is prepared on a real server and `pg_prepared_statements` compared.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct AnalyzerAgreementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .path

    static let corpus = """
        -- name: Joined :many
        SELECT u.id, p.file_name FROM uploads u LEFT JOIN uploads p ON p.id = u.id
        WHERE u.created_at BETWEEN $1 AND $2 AND lower(u.file_name) LIKE $3 AND u.status = $4
        ORDER BY u.id LIMIT $5 OFFSET $6;

        -- name: InList :many
        SELECT id FROM uploads WHERE id IN ($1, $2) OR user_id = ANY($3::text[]) OR size_bytes > $4 + 1;

        -- name: Insert :exec
        INSERT INTO uploads (id, user_id, file_name, storage_key, status, size_bytes)
        SELECT $1, user_id, $2, storage_key, $3, $4 FROM uploads WHERE id = $5;

        -- name: Upsert :one
        INSERT INTO uploads (id, user_id, file_name, storage_key, status) VALUES (@id, @user, @name, @key, @status)
        ON CONFLICT (id) DO UPDATE SET details = @details, expected_size_bytes = excluded.expected_size_bytes
        RETURNING id;

        -- name: Sub :many
        SELECT id FROM uploads u WHERE EXISTS (SELECT 1 FROM uploads v WHERE v.user_id = u.user_id AND v.completed_at > $1)
          AND u.id IN (SELECT id FROM uploads WHERE sha256 = $2);

        -- name: Keyset :many
        SELECT id FROM uploads WHERE user_id = @user_id AND (created_at, id) < (@before_created_at, @before_id)
        ORDER BY created_at DESC, id DESC LIMIT @page_size;

        -- name: Backoff :exec
        UPDATE uploads SET updated_at = now() + $1 * interval '1 second', size_bytes = size_bytes * $2 WHERE id = $3;

        -- name: Functions :exec
        UPDATE uploads SET updated_at = now() + make_interval(secs => $1), completed_at = to_timestamp($2),
            details = lower($3) || left($4, $5)
        WHERE id = $6;

        -- name: Windowed :many
        SELECT id, count(*) FILTER (WHERE size_bytes > $1) OVER (PARTITION BY user_id ORDER BY created_at) AS n
        FROM uploads WHERE status = ANY($2::upload_status[]);

        -- name: MultiSet :exec
        UPDATE uploads SET (size_bytes, details) = ($1, $2) WHERE id = $3;
        """

    @Test func parameterTypesMatchPostgreSQL() async throws {
        let config = try GeneratorConfig.load(path: Self.root + "/sqlgen.yaml")
        let schema = try SQLFiles.read(try SQLFiles.find(config.schema, relativeTo: Self.root))
        var queries = try SQLFiles.read(try SQLFiles.find(config.queries, relativeTo: Self.root))
        queries.append(SourceFile(path: "corpus.sql", text: Self.corpus))
        let analysis = try Generator(config: config).analyze(schema: schema, queries: queries)
        let analyzed = analysis.queryFiles.flatMap(\.queries)
        #expect(analyzed.count >= 5)

        try await ScratchDatabase.withClient { client in
            try await Migrator(client: client, logger: ScratchDatabase.logger).migrate()
            try await client.withConnection { connection in
                for (index, query) in analyzed.enumerated() {
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "PREPARE q\(index) AS \(query.sql)"), logger: ScratchDatabase.logger)
                    let expected = query.parameters.map { $0.type.isArray ? $0.type.name + "[]" : $0.type.name }
                    let list = expected.map { "'\($0)'::regtype" }.joined(separator: ", ")
                    let rows = try await connection.query(
                        PostgresQuery(
                            unsafeSQL: """
                                SELECT parameter_types = ARRAY[\(list)]::regtype[], parameter_types::text
                                FROM pg_prepared_statements WHERE name = 'q\(index)'
                                """), logger: ScratchDatabase.logger)
                    for try await (same, actual) in rows.decode((Bool, String).self) {
                        #expect(same, "\(query.name): sqlgen says \(expected), PostgreSQL says \(actual)")
                    }
                }
            }
        }
    }
}
