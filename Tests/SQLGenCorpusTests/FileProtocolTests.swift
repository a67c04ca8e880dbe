import Database
import Foundation
import TestSupport
import Testing

/// A service written against a generated query-file protocol: it creates several tags, all or none.
struct TagCreator: Sendable {
    struct NameTaken: Error {}

    var tags: any TagsQueries

    func create(_ names: [String]) async throws -> [Int32] {
        try await tags.withTransaction { tags in
            var ids: [Int32] = []
            for name in names {
                guard let id = try await tags.createTag(name: name) else { throw NameTaken() }
                ids.append(id)
            }
            return ids
        }
    }
}

/// The same service code runs on an in-memory fake and on `Queries`, the transaction included.
struct FileProtocolTests {
    func createsAllOrNone(_ tags: any TagsQueries) async throws {
        let creator = TagCreator(tags: tags)
        #expect(try await creator.create(["swift", "sql"]).count == 2)
        await #expect(throws: TagCreator.NameTaken.self) { try await creator.create(["go", "sql"]) }
        #expect(try await tags.listTags().map(\.name) == ["sql", "swift"], "the failed transaction created nothing")
    }

    @Test func aServiceRunsOnAnInMemoryFake() async throws {
        try await createsAllOrNone(TagsFake())
    }

    @Test(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
    func theSameServiceRunsOnPostgreSQL() async throws {
        try await CorpusSchema.withQueries { queries in
            try await createsAllOrNone(queries)
        }
    }
}
