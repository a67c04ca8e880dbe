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

    public init(name: String, type: SQLType, notNull: Bool, hasDefault: Bool = false) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.hasDefault = hasDefault
    }
}

public struct Table: Sendable, Hashable {
    public var name: String
    public var columns: [Column]

    public init(name: String, columns: [Column]) {
        self.name = name
        self.columns = columns
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

    public init(tables: [Table] = [], enums: [EnumType] = []) {
        self.tables = tables
        self.enums = enums
    }

    public func table(named name: String) -> Table? {
        tables.first { $0.name == name }
    }

    public func enumType(named name: String) -> EnumType? {
        enums.first { $0.name == name }
    }
}
