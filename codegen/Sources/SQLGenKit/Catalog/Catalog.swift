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
    /// CREATE TYPE name AS (field type, ...), in creation order.
    public var composites: [CompositeType] = []
    /// CREATE DOMAIN name → its base type (the server describes domain columns by their base type).
    public var domains: [String: SQLType] = [:]
    /// CREATE FUNCTION name → its return type, for functions returning one value (not SETOF/TABLE).
    public var functions: [String: SQLType] = [:]
    /// CREATE FUNCTION name → its arguments and the rows it gives in FROM.
    public var signatures: [String: FunctionSignature] = [:]

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

    public func compositeType(named name: String) -> CompositeType? {
        composites.first { $0.name == name }
    }
}

/// A function as CREATE FUNCTION declares it: what its arguments are (for parameters passed to it)
/// and what it returns when called in FROM.
public struct FunctionSignature: Sendable, Hashable {
    public struct Argument: Sendable, Hashable {
        public var name: String?
        public var type: SQLType
    }

    /// IN, INOUT and VARIADIC arguments, in order.
    public var arguments: [Argument]
    /// `RETURNS TABLE (...)` columns or OUT/INOUT parameters; empty for `RETURNS [SETOF] type`.
    public var columns: [Column]
    /// The declared return type (`record` for TABLE/OUT; a table's name for its row type).
    public var returnType: SQLType
    public var returnsSet: Bool
}

/// A composite type (`CREATE TYPE money_amount AS (currency text, cents bigint)`); its fields are
/// always nullable.
public struct CompositeType: Sendable, Hashable {
    public var name: String
    public var fields: [Column]
}
