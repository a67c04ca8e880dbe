/// A PostgreSQL type by its internal name (`int8`, `timestamptz`, `upload_status`), possibly an array.
public struct SQLType: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var isArray: Bool

    public init(_ name: String, isArray: Bool = false) {
        self.name = name
        self.isArray = isArray
    }

    public var description: String { isArray ? name + "[]" : name }
}

public struct Column: Sendable, Hashable {
    public var name: String
    public var type: SQLType
    public var notNull: Bool
    public var hasDefault: Bool
    /// Where the column was defined, for diagnostics.
    public var origin: SourcePosition?

    public init(name: String, type: SQLType, notNull: Bool, hasDefault: Bool = false, origin: SourcePosition? = nil) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.hasDefault = hasDefault
        self.origin = origin
    }
}

/// A table, or a view (whose columns come from analyzing its query).
public struct Table: Sendable, Hashable {
    public var name: String
    public var columns: [Column]
    public var isView: Bool

    public init(name: String, columns: [Column], isView: Bool = false) {
        self.name = name
        self.columns = columns
        self.isView = isView
    }

    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }
}

public struct EnumType: Sendable, Hashable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// The database as the schema files leave it: tables and enum types in creation order.
public struct Catalog: Sendable, Hashable {
    public var tables: [Table] = []
    public var enums: [EnumType] = []
    /// CREATE DOMAIN name → its base type (the server describes domain columns by their base type).
    public var domains: [String: SQLType] = [:]
    /// CREATE FUNCTION name → its return type (`SETOF t` and `TABLE (...)` are not modeled).
    public var functions: [String: SQLType] = [:]

    public init(tables: [Table] = [], enums: [EnumType] = []) {
        self.tables = tables
        self.enums = enums
    }

    public func table(named name: String) -> Table? {
        tables.first { $0.name == name }
    }

    /// A domain's base type (domains of domains too); other types as they are. Parameters keep the
    /// domain (the server checks it), result columns are described by the base type.
    public func baseType(_ type: SQLType) -> SQLType {
        var result = type
        while let base = domains[result.name] { result = SQLType(base.name, isArray: result.isArray || base.isArray) }
        return result
    }

    public func enumType(named name: String) -> EnumType? {
        enums.first { $0.name == name }
    }
}
