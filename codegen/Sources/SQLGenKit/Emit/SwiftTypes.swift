/// PostgreSQL types → Swift types (DESIGN §5), with overrides from the config.
public struct SwiftTypes: Sendable {
    public var catalog: Catalog
    public var overrides: [TypeOverride]
    public var naming: NamingRules

    public init(catalog: Catalog, overrides: [TypeOverride] = [], naming: NamingRules = NamingRules()) {
        self.catalog = catalog
        self.overrides = overrides
        self.naming = naming
    }

    /// The Swift type spelled for a SQL type, optional when `notNull` is false.
    public func swiftType(for declared: SQLType, notNull: Bool, column: String? = nil) -> String {
        let type = overrides.contains { $0.databaseType == declared.name } ? declared : catalog.baseType(declared)
        var base: String
        if let column, let override = overrides.first(where: { $0.column == column }) {
            base = override.swiftType
        } else if let override = overrides.first(where: { $0.databaseType == type.name }) {
            base = override.swiftType
        } else {
            let isNamedType = catalog.enumType(named: type.name) != nil || catalog.compositeType(named: type.name) != nil
            base = Self.builtin[type.name] ?? (isNamedType ? naming.enumType(type.name) : "String")
        }
        if type.isArray { base = "[\(base)]" }
        return notNull ? base : base + "?"
    }

    /// Whether binding a value of this Swift type can throw (JSON encoding and unknown override types).
    public func bindingThrows(_ swiftType: String) -> Bool {
        var base = swiftType
        if base.hasSuffix("?") { base.removeLast() }
        if base.hasPrefix("[") && base.hasSuffix("]") && base != "[UInt8]" { base = String(base.dropFirst().dropLast()) }
        if (Self.builtin.values.contains(base) && !["JSONValue", "Decimal", "Data"].contains(base)) || base == "String" { return false }
        return !catalog.enums.contains { naming.enumType($0.name) == base }
            && !catalog.composites.contains { naming.enumType($0.name) == base }
    }

    /// Types PostgresNIO encodes and decodes itself.
    static let builtin: [String: String] = [
        "int2": "Int16", "int4": "Int32", "int8": "Int64",
        "float4": "Float", "float8": "Double", "numeric": "Decimal", "money": "String",
        "bool": "Bool",
        "text": "String", "varchar": "String", "bpchar": "String", "name": "String", "citext": "String",
        "uuid": "UUID",
        "timestamptz": "Date", "timestamp": "Date", "date": "Date",
        // PostgresNIO reads `[UInt8]` as a PostgreSQL array, not bytea; Data is bytea and Codable.
        "bytea": "Data",
        "json": "JSONValue", "jsonb": "JSONValue",
        // Types of the Database module (PostgresNIO has none for them).
        "interval": "Interval", "time": "TimeOfDay", "timetz": "TimeWithZone", "inet": "InetAddress", "cidr": "InetAddress",
        "macaddr": "MACAddress", "macaddr8": "MACAddress8",
        "point": "SQLPoint", "lseg": "SQLLineSegment", "box": "SQLBox", "line": "SQLLine", "circle": "SQLCircle",
        "path": "SQLPath", "polygon": "SQLPolygon",
        "tsvector": "TextSearchVector", "tsquery": "TextSearchQuery",
        "int4range": "SQLRange<Int32>", "int8range": "SQLRange<Int64>", "numrange": "SQLRange<Decimal>",
        "tsrange": "SQLRange<Date>", "tstzrange": "SQLRange<Date>", "daterange": "SQLRange<Date>",
        "int4multirange": "SQLMultirange<Int32>", "int8multirange": "SQLMultirange<Int64>", "nummultirange": "SQLMultirange<Decimal>",
        "tsmultirange": "SQLMultirange<Date>", "tstzmultirange": "SQLMultirange<Date>", "datemultirange": "SQLMultirange<Date>",
        // A column whose type the analysis cannot know (a warning says so): its value's raw bytes.
        "unknown": "Data",
    ]

    /// Types PostgresNIO sends in a binary form it cannot decode as String (and `oid`, which it
    /// neither encodes nor decodes as `UInt32`); they need an override.
    public static let unsupported: Set<String> = [
        "oid", "record", "money", "bit", "varbit",
    ]

    /// Swift types bound as text without a type OID: an array of them would need the OID.
    static let untypedLiterals = ["SQLRange", "SQLMultirange", "TextSearch"]

    /// Whether a column or parameter of this type has a Swift type (built in, an enum, or overridden).
    public func isSupported(_ declared: SQLType, column: String?) -> Bool {
        let type = catalog.baseType(declared)
        if let composite = catalog.compositeType(named: type.name), !overrides.contains(where: { $0.databaseType == type.name }) {
            // Arrays of composites would need the type's OID; fields must be types a row literal can carry.
            return !type.isArray
                && composite.fields.allSatisfy { field in
                    !field.type.isArray
                        && (Self.builtin[catalog.baseType(field.type).name] != nil || catalog.enumType(named: field.type.name) != nil)
                }
        }
        if type.isArray, let swift = Self.builtin[type.name], Self.untypedLiterals.contains(where: swift.hasPrefix) {
            return overrides.contains { $0.databaseType == type.name || (column != nil && $0.column == column) }
        }
        guard Self.unsupported.contains(type.name) else { return true }
        return overrides.contains { $0.databaseType == type.name || (column != nil && $0.column == column) }
    }
}
