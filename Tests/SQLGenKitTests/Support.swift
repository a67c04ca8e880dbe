@testable import SQLGenKit

/// Runs parse → catalog → analyze on inline SQL.
func analyze(schema: String, queries: String) throws(Diagnostics) -> Generator.Analysis {
    try Generator(config: GeneratorConfig(schema: [], queries: []))
        .analyze(
            schema: [SourceFile(path: "schema/0001_init.sql", text: schema)],
            queries: [SourceFile(path: "queries/q.sql", text: queries)])
}

/// The diagnostics of inline SQL that must not analyze.
func diagnostics(schema: String, queries: String) -> [String] {
    do {
        _ = try analyze(schema: schema, queries: queries)
        return []
    } catch {
        return error.items.map(\.description)
    }
}

func query(_ name: String, in analysis: Generator.Analysis) -> AnalyzedQuery? {
    analysis.queryFiles.flatMap(\.queries).first { $0.name == name }
}

let usersSchema = """
    -- +goose Up
    CREATE TYPE role AS ENUM ('admin', 'member', 'in-review');
    CREATE TABLE users (
        id         bigserial PRIMARY KEY,
        email      varchar(320) NOT NULL,
        role       role NOT NULL DEFAULT 'member',
        avatar_url text,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE posts (
        id        uuid PRIMARY KEY,
        user_id   bigint NOT NULL REFERENCES users (id),
        title     text NOT NULL,
        body      text,
        tags      text[] NOT NULL DEFAULT '{}',
        score     double precision,
        published boolean NOT NULL DEFAULT false
    );
    CREATE INDEX posts_user ON posts (user_id);
    -- +goose Down
    DROP TABLE posts;
    DROP TABLE users;
    DROP TYPE role;
    """
