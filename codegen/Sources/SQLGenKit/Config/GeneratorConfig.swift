import Foundation

/// `sqlgen.yaml`: where the SQL is and how the Swift comes out.
///
/// ```yaml
/// version: 1
/// schema: [sql/schema]          # files or folders of migrations, applied in version order
/// queries: [sql/queries]        # files or folders of annotated queries
/// output:
///   module: Database            # the module the code is compiled into (documentation only for now)
///   access: public              # public | package | internal
///   migrations: true            # also write EmbeddedMigrations.swift
///   protocol: true              # a protocol per query file (jobs.sql → JobsQueries) and QueriesProtocol
/// overrides:
///   - db_type: jsonb
///     swift_type: JSONValue
///   - column: uploads.details
///     swift_type: String
/// rename:
///   uploads.user_id: ownerID    # column, table.column, table or enum type → Swift name
/// ```
/// Relative paths are relative to the config file's folder.
public struct GeneratorConfig: Sendable, Hashable, Decodable {
    public var version: Int
    public var schema: [String]
    public var queries: [String]
    public var output: Output
    public var overrides: [TypeOverride]
    public var rename: [String: String]

    public struct Output: Sendable, Hashable, Decodable {
        public var module: String
        public var access: String
        public var migrations: Bool
        /// Modules the generated files import besides Foundation, PostgresNIO and SQLGenRuntime (e.g. a
        /// module declaring override types).
        public var imports: [String]
        /// Models and rows conform to Codable (default true).
        public var codable: Bool
        /// Protocols `Queries` conforms to, so callers' unit tests can substitute a fake: one per query
        /// file, named after it (`jobs.sql` → `JobsQueries`, in JobsQueries.swift), and
        /// QueriesProtocol.swift with every query function.
        public var emitProtocol: Bool

        public init(
            module: String = "Database", access: String = "public", migrations: Bool = true, imports: [String] = [],
            codable: Bool = true, emitProtocol: Bool = false
        ) {
            self.module = module
            self.access = access
            self.migrations = migrations
            self.imports = imports
            self.codable = codable
            self.emitProtocol = emitProtocol
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            module = try container.decodeIfPresent(String.self, forKey: .module) ?? "Database"
            access = try container.decodeIfPresent(String.self, forKey: .access) ?? "public"
            migrations = try container.decodeIfPresent(Bool.self, forKey: .migrations) ?? true
            imports = try container.decodeIfPresent([String].self, forKey: .imports) ?? []
            codable = try container.decodeIfPresent(Bool.self, forKey: .codable) ?? true
            emitProtocol = try container.decodeIfPresent(Bool.self, forKey: .emitProtocol) ?? false
            guard ["public", "package", "internal"].contains(access) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .access, in: container,
                    debugDescription: "output.access must be public, package or internal, not \"\(access)\"")
            }
        }

        enum CodingKeys: String, CodingKey {
            case module, access, migrations, imports, codable
            case emitProtocol = "protocol"
        }
    }

    public init(
        schema: [String], queries: [String], output: Output = Output(), overrides: [TypeOverride] = [], rename: [String: String] = [:]
    ) {
        self.version = 1
        self.schema = schema
        self.queries = queries
        self.output = output
        self.overrides = overrides
        self.rename = rename
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version == 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container, debugDescription: "unsupported config version \(version) (expected 1)")
        }
        schema = try Self.paths(container, .schema)
        queries = try Self.paths(container, .queries)
        output = try container.decodeIfPresent(Output.self, forKey: .output) ?? Output()
        overrides = try container.decodeIfPresent([TypeOverride].self, forKey: .overrides) ?? []
        rename = try container.decodeIfPresent([String: String].self, forKey: .rename) ?? [:]
        for override in overrides where (override.databaseType == nil) == (override.column == nil) {
            throw DecodingError.dataCorruptedError(
                forKey: .overrides, in: container,
                debugDescription: "each override needs exactly one of db_type or column (swift_type: \(override.swiftType))")
        }
    }

    /// `schema: path` or `schema: [path, ...]`.
    private static func paths(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [String] {
        if let single = try? container.decode(String.self, forKey: key) { return [single] }
        return try container.decodeIfPresent([String].self, forKey: key) ?? []
    }

    enum CodingKeys: String, CodingKey { case version, schema, queries, output, overrides, rename }

    /// Reads and validates a config file of one query set; errors name the file.
    public static func load(path: String) throws(Diagnostic) -> GeneratorConfig {
        let sets = try loadSets(path: path)
        guard sets.count == 1 else {
            throw Diagnostic(path: path, message: "the config has \(sets.count) query sets (sql:); choose one (sqlgen --module NAME)")
        }
        return sets[0]
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
