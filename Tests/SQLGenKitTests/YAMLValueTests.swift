import Foundation
import Testing

@testable import SQLGenKit

/// The reader sqlgen and its build plugin share for `sqlgen.yaml`.
struct YAMLValueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .path

    func scalar(_ text: String) -> YAMLValue { .scalar(text, quoted: false) }

    @Test func blockAndFlowFormsReadAlike() throws {
        let block = try YAMLValue.parse(
            """
            schema:
              - sql/schema      # a comment
            queries:
            - sql/queries
            output:
              module: Database
              protocol: true
            rename: {}
            """)
        let flow = try YAMLValue.parse(
            """
            schema: [sql/schema]
            queries: [ sql/queries ]
            output: {module: Database, protocol: true}
            rename: {}
            """)
        #expect(block == flow)
        #expect(block["schema"] == .sequence([scalar("sql/schema")]))
        #expect(block["output"]?["protocol"] == scalar("true"))
        #expect(block["rename"] == .mapping([]))
    }

    @Test func listsOfMappingsAndNestedFlowCollections() throws {
        let value = try YAMLValue.parse(
            """
            overrides:
              - db_type: jsonb
                swift_type: JSONValue
              - {column: "users.email", swift_type: 'Email'}
            sql:
              - schema: [a, b]
                output: {module: A, imports: [X, Y]}
              -
                schema: c
            """)
        #expect(
            value["overrides"]
                == .sequence([
                    .mapping([YAMLEntry(key: "db_type", value: scalar("jsonb")), YAMLEntry(key: "swift_type", value: scalar("JSONValue"))]),
                    .mapping([
                        YAMLEntry(key: "column", value: .scalar("users.email", quoted: true)),
                        YAMLEntry(key: "swift_type", value: .scalar("Email", quoted: true)),
                    ]),
                ]))
        guard case .sequence(let sets) = value["sql"] else {
            Issue.record("sql is not a list")
            return
        }
        #expect(sets.count == 2)
        #expect(sets[0]["output"]?["imports"] == .sequence([scalar("X"), scalar("Y")]))
        #expect(sets[1]["schema"] == scalar("c"))
    }

    @Test func quotesCommentsAndNulls() throws {
        let value = try YAMLValue.parse(
            """
            a: "x # not a comment \\" y"
            b: 'it''s'
            c: db/**/*.up.sql   # a glob
            d:
            e: ~
            f: https://example.com/a#b
            """)
        #expect(value["a"] == .scalar("x # not a comment \" y", quoted: true))
        #expect(value["b"] == .scalar("it's", quoted: true))
        #expect(value["c"] == scalar("db/**/*.up.sql"))
        #expect(value["d"] == .null && value["e"] == .null)
        #expect(value["f"] == scalar("https://example.com/a#b"))
    }

    @Test(arguments: [
        ("a: 1\n\tb: 2\n", 2, "tabs"),
        ("a: [x, y\n", 1, "never closed"),
        ("a: 1\na: 2\n", 2, "duplicate key \"a\""),
        ("a:\n  b: 1\n    c: 2\n", 3, "unexpected indentation"),
        ("a: |\n  text\n", 1, "block scalars"),
        ("just text\nb: 1\n", 1, "expected `key: value`"),
    ])
    func syntaxErrorsNameTheirLine(text: String, line: Int, message: String) {
        #expect {
            _ = try YAMLValue.parse(text)
        } throws: { error in
            guard let error = error as? YAMLSyntaxError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    @Test func decodingErrorsNameTheKeyPath() {
        func message(_ yaml: String) -> String {
            do {
                _ = try YAMLValueDecoder.decode(GeneratorConfig.self, from: yaml)
                return ""
            } catch let error as DecodingError {
                return GeneratorConfig.describe(error)
            } catch {
                return "\(error)"
            }
        }
        #expect(
            message("schema: [a]\nqueries: [b]\noutput: {migrations: \"no\"}\n")
                == "output.migrations: expected true or false, found \"no\"")
        #expect(
            message("schema: [a]\nqueries: [b]\noutput: {access: open}\n").contains("output.access must be public, package or internal"))
        #expect(
            message("schema: [a]\nqueries: [b]\noverrides: [{swift_type: X}]\n").contains(
                "each override needs exactly one of db_type or column"))
        #expect(message("version: two\n").contains("version: expected a number"))
    }

    @Test func theProjectAndCorpusConfigsReadAsWritten() throws {
        let project = try GeneratorConfig.load(path: Self.root + "/sqlgen.yaml")
        #expect(project.schema == ["sql/schema"] && project.queries == ["sql/queries"])
        #expect(project.output == GeneratorConfig.Output(module: "Database", access: "public", migrations: true, emitProtocol: true))
        #expect(
            project.overrides == [
                TypeOverride(databaseType: "jsonb", swiftType: "JSONValue"), TypeOverride(databaseType: "json", swiftType: "JSONValue"),
            ])
        #expect(project.rename.isEmpty)

        let corpus = try GeneratorConfig.loadSets(path: Self.root + "/Tests/SQLGenCorpusTests/sqlgen.yaml")
        #expect(corpus.map(\.output.module) == ["SQLGenCorpusTests", "JobsReport"])
        #expect(corpus[0].queries.count == 6 && corpus[0].queries.last == "../SQLGenCorpus/types/beyond-sqlc")
        #expect(corpus[0].output.access == "internal" && !corpus[0].output.migrations && corpus[0].output.emitProtocol)
        #expect(corpus[1].output.access == "package" && corpus[1].rename == ["jobs": "QueuedJob"])
        #expect(corpus.allSatisfy { $0.overrides.count == 2 })
    }

    @Test func configSyntaxErrorsPointAtTheirLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sqlgen-\(UUID().uuidString).yaml").path
        _ = FileManager.default.createFile(atPath: path, contents: Data("version: 1\nschema: [a\nqueries: [b]\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try GeneratorConfig.loadSets(path: path)
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            return diagnostic.path == path && diagnostic.line == 2 && diagnostic.message.hasPrefix("invalid config: ")
        }
    }
}
