import Foundation

/// `sqlgen check`: prepares every query on a live PostgreSQL (Parse + Describe, nothing runs) and
/// reports where the server's parameter or column types disagree with sqlgen's static analysis, and
/// where a Swift type (an override) cannot hold the server's type.
public struct LiveCheck {
    public var config: GeneratorConfig

    public init(config: GeneratorConfig) {
        self.config = config
    }

    /// Checks `analysis` against the database at `url`. With `applySchema`, the schema files are first
    /// applied to a scratch database created beside it (and dropped afterwards).
    public func run(_ analysis: Generator.Analysis, schema: [SourceFile], url: String, applySchema: Bool) throws -> [Diagnostic] {
        guard applySchema else { return try check(analysis, connection: try LibPQ(url: url)) }
        let admin = try LibPQ(url: url)
        let scratch = "sqlgen_check_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try admin.run("CREATE DATABASE \(scratch)")
        defer { _ = try? admin.run("DROP DATABASE IF EXISTS \(scratch) WITH (FORCE)") }
        let findings: [Diagnostic]
        do {
            let connection = try LibPQ(url: Self.url(url, database: String(scratch)))
            for file in SQLFiles.migrationOrder(schema) {
                do {
                    try connection.run(GooseSections.upOnly(file.text))
                } catch {
                    return [Diagnostic(path: file.path, message: "the server rejects this migration: \(error)")]
                }
            }
            findings = try check(analysis, connection: connection)
        }
        return findings
    }

    func check(_ analysis: Generator.Analysis, connection: LibPQ) throws -> [Diagnostic] {
        let types = SwiftTypes(catalog: analysis.catalog, overrides: config.overrides, naming: NamingRules(renames: config.rename))
        let names = try ServerTypeNames(connection: connection)
        var findings: [Diagnostic] = []
        for (index, query) in analysis.queryFiles.flatMap(\.queries).enumerated() {
            let report = { (message: String) in
                findings.append(Diagnostic(path: query.path, line: query.line, message: "\(query.name): \(message)"))
            }
            let server: LibPQ.Description
            do {
                server = try connection.describe(query.sql, name: "sqlgen_check_\(index)")
            } catch {
                report("the server rejects the query: \(error)")
                continue
            }
            for (parameter, oid) in zip(query.parameters, server.parameters) {
                let actual = try names.type(oid)
                if actual != parameter.type {
                    report("parameter $\(parameter.number) (\(parameter.name)): sqlgen infers \(parameter.type), the server \(actual)")
                }
                let swift = types.swiftType(for: parameter.type, notNull: true, column: parameter.sourceColumn)
                if let problem = SwiftCompatibility.problem(swift, serverType: actual, catalog: analysis.catalog) {
                    report("parameter $\(parameter.number) (\(parameter.name)): \(problem)")
                }
            }
            if query.parameters.count != server.parameters.count {
                report("sqlgen finds \(query.parameters.count) parameters, the server \(server.parameters.count)")
            }
            if query.command.returnsRows, query.columns.count != server.columns.count {
                report("sqlgen finds \(query.columns.count) columns, the server \(server.columns.count)")
                continue
            }
            guard query.command.returnsRows else { continue }
            for (column, described) in zip(query.columns, server.columns) {
                let actual = try names.type(described.type)
                if actual != column.type {
                    report("column \(column.name): sqlgen infers \(column.type), the server \(actual)")
                }
                let swift = types.swiftType(for: column.type, notNull: true, column: column.table.map { "\($0).\(column.name)" })
                if let problem = SwiftCompatibility.problem(swift, serverType: actual, catalog: analysis.catalog) {
                    report("column \(column.name): \(problem)")
                }
            }
        }
        return findings
    }

    /// `url` with its database name replaced (URL form or `key=value` connection string).
    static func url(_ url: String, database: String) -> String {
        if var components = URLComponents(string: url), components.scheme?.hasPrefix("postgres") == true {
            components.path = "/" + database
            return components.string ?? url
        }
        return url + " dbname=\(database)"
    }
}

/// Type OIDs → sqlgen's type names (`int4`, `text[]`, `myschema.mood`), looked up once per OID.
final class ServerTypeNames {
    private let connection: LibPQ
    private var known: [UInt32: SQLType] = [:]

    init(connection: LibPQ) throws {
        self.connection = connection
    }

    func type(_ oid: UInt32) throws -> SQLType {
        if let type = known[oid] { return type }
        let rows = try connection.run(
            """
            SELECT coalesce(e.typname, t.typname), coalesce(en.nspname, n.nspname), t.typelem <> 0 AND t.typlen = -1
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typlen = -1
            LEFT JOIN pg_namespace en ON en.oid = e.typnamespace
            WHERE t.oid = \(oid)
            """)
        guard let row = rows.first, let name = row[0], let schema = row[1] else { return SQLType("oid:\(oid)") }
        let qualified = ["pg_catalog", "public"].contains(schema) ? name : "\(schema).\(name)"
        let type = SQLType(qualified, isArray: row[2] == "t")
        known[oid] = type
        return type
    }
}
