import Foundation

/// A config file with several query sets, as sqlc's `sql:` list: each entry has its own schema,
/// queries, output (one Swift module per set) and options.
///
/// ```yaml
/// version: 1
/// overrides: [{db_type: jsonb, swift_type: JSONValue}]   # shared by every set (a set's own come first)
/// rename: {}                                             # shared too (a set's own win)
/// sql:
///   - schema: [sql/schema]
///     queries: [sql/queries]
///     output: {module: Database}
///   - schema: [reporting/schema]
///     queries: [reporting/queries]
///     output: {module: Reporting, access: internal, imports: [Database]}
/// ```
///
/// Without `sql:`, the file is one set (`schema`, `queries`, `output` at the top level).
struct QuerySetsFile: Decodable {
    var sets: [GeneratorConfig]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.sql) else {
            sets = [try GeneratorConfig(from: decoder)]
            return
        }
        for key in [CodingKeys.schema, .queries, .output] where container.contains(key) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "with `sql:` query sets, `\(key.stringValue)` belongs in each set")
        }
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version == 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container, debugDescription: "unsupported config version \(version) (expected 1)")
        }
        let sharedOverrides = try container.decodeIfPresent([TypeOverride].self, forKey: .overrides) ?? []
        let sharedRename = try container.decodeIfPresent([String: String].self, forKey: .rename) ?? [:]
        sets = try container.decode([GeneratorConfig].self, forKey: .sql).map { set in
            var set = set
            set.overrides += sharedOverrides
            set.rename.merge(sharedRename) { own, _ in own }
            return set
        }
        guard !sets.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .sql, in: container, debugDescription: "`sql:` lists no query set")
        }
        var modules: Set<String> = []
        for (index, set) in sets.enumerated() {
            if set.schema.isEmpty || set.queries.isEmpty {
                throw DecodingError.dataCorruptedError(
                    forKey: .sql, in: container,
                    debugDescription: "query set \(index + 1) needs `schema` and `queries`")
            }
            if !modules.insert(set.output.module).inserted {
                throw DecodingError.dataCorruptedError(
                    forKey: .sql, in: container,
                    debugDescription: "two query sets generate module \(set.output.module): give each set its own `output.module`")
            }
        }
    }

    enum CodingKeys: String, CodingKey { case version, schema, queries, output, overrides, rename, sql }
}

extension GeneratorConfig {
    /// Every query set of a config file (one for a file without `sql:`), shared options applied.
    public static func loadSets(path: String) throws(Diagnostic) -> [GeneratorConfig] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Diagnostic(path: path, message: "cannot read the config file")
        }
        do {
            return try YAMLValueDecoder.decode(QuerySetsFile.self, from: text).sets
        } catch let error as YAMLSyntaxError {
            throw Diagnostic(path: path, line: error.line, message: "invalid config: \(error.message)")
        } catch let error as DecodingError {
            throw Diagnostic(path: path, message: "invalid config: \(Self.describe(error))")
        } catch {
            throw Diagnostic(path: path, message: "invalid config: \(error)")
        }
    }
}
