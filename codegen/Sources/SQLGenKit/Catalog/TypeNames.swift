/// PostgreSQL's many spellings of a type, reduced to the internal name (`bigint` → `int8`).
public enum TypeNames {
    /// What a type name written in SQL means.
    public struct Resolved: Sendable, Hashable {
        public var name: String
        /// `serial` types: not null with a default.
        public var isSerial: Bool
    }

    static let aliases: [String: String] = [
        "smallint": "int2", "int2": "int2",
        "integer": "int4", "int": "int4", "int4": "int4",
        "bigint": "int8", "int8": "int8",
        "real": "float4", "float4": "float4",
        "double precision": "float8", "float8": "float8", "float": "float8",
        "decimal": "numeric", "numeric": "numeric",
        "boolean": "bool", "bool": "bool",
        "character varying": "varchar", "varchar": "varchar",
        "character": "bpchar", "char": "bpchar", "bpchar": "bpchar",
        "text": "text", "citext": "citext", "name": "name",
        "timestamp with time zone": "timestamptz", "timestamptz": "timestamptz",
        "timestamp without time zone": "timestamp", "timestamp": "timestamp",
        "time with time zone": "timetz", "timetz": "timetz",
        "time without time zone": "time", "time": "time",
        "date": "date", "interval": "interval",
        "uuid": "uuid", "bytea": "bytea", "json": "json", "jsonb": "jsonb",
        "inet": "inet", "cidr": "cidr", "macaddr": "macaddr", "macaddr8": "macaddr8", "money": "money", "oid": "oid",
    ]

    static let serials: [String: String] = [
        "smallserial": "int2", "serial2": "int2",
        "serial": "int4", "serial4": "int4",
        "bigserial": "int8", "serial8": "int8",
    ]

    /// Resolves a `names` list of a TypeName node (`["pg_catalog", "int8"]`, `["upload_status"]`).
    public static func resolve(_ names: [String]) -> Resolved {
        let unqualified = names.count > 1 && ["pg_catalog", "public"].contains(names[0]) ? Array(names.dropFirst()) : names
        let name = unqualified.joined(separator: ".").lowercased()
        if let serial = serials[name] { return Resolved(name: serial, isSerial: true) }
        return Resolved(name: aliases[name] ?? name, isSerial: false)
    }

    /// `schema.name`, or `name` in public (the search path) and pg_catalog.
    public static func qualified(_ names: [String]) -> String {
        names.count > 1 && ["pg_catalog", "public"].contains(names[names.count - 2])
            ? names[names.count - 1]
            : names.suffix(2).joined(separator: ".")
    }

    /// The catalog name of a RangeVar (`inventory.items`, `uploads`).
    public static func relation(_ node: ParseNode?) -> String {
        qualified([node?["schemaname"]?.stringValue, node?["relname"]?.stringValue].compactMap { $0 })
    }

    /// The type of a TypeName parse node.
    public static func type(of typeName: ParseNode) -> (type: SQLType, isSerial: Bool) {
        let resolved = resolve(typeName["names"]?.strings ?? [])
        let isArray = !(typeName["arrayBounds"]?.elements.isEmpty ?? true)
        return (SQLType(resolved.name, isArray: isArray), resolved.isSerial)
    }
}
