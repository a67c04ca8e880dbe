/// Which PostgreSQL types a Swift type used in generated code can hold, for `sqlgen check`'s review of
/// overrides: an `Int32` override on an `int8` column is an error the compiler cannot see.
enum SwiftCompatibility {
    static let holds: [String: Set<String>] = [
        "Int16": ["int2"], "Int32": ["int2", "int4"], "Int64": ["int2", "int4", "int8"], "Int": ["int2", "int4", "int8"],
        "UInt32": ["oid"], "Float": ["float4"], "Double": ["float4", "float8"], "Decimal": ["numeric", "int2", "int4", "int8"],
        "Bool": ["bool"], "UUID": ["uuid"], "Date": ["timestamptz", "timestamp", "date"], "Data": ["bytea"],
        "String": ["text", "varchar", "bpchar", "name", "citext", "uuid", "json", "jsonb", "xml"],
        "JSONValue": ["json", "jsonb"],
        "Interval": ["interval"], "TimeOfDay": ["time"], "TimeWithZone": ["timetz"], "InetAddress": ["inet", "cidr"],
        "MACAddress": ["macaddr"], "MACAddress8": ["macaddr8"],
        "SQLPoint": ["point"], "SQLLineSegment": ["lseg"], "SQLBox": ["box"], "SQLLine": ["line"], "SQLCircle": ["circle"],
        "SQLPath": ["path"], "SQLPolygon": ["polygon"], "TextSearchVector": ["tsvector"], "TextSearchQuery": ["tsquery"],
        "SQLRange<Int32>": ["int4range"], "SQLRange<Int64>": ["int8range"], "SQLRange<Decimal>": ["numrange"],
        "SQLRange<Date>": ["tsrange", "tstzrange", "daterange"],
        "SQLMultirange<Int32>": ["int4multirange"], "SQLMultirange<Int64>": ["int8multirange"],
        "SQLMultirange<Decimal>": ["nummultirange"], "SQLMultirange<Date>": ["tsmultirange", "tstzmultirange", "datemultirange"],
    ]

    /// Why `swiftType` (as generated, e.g. `[Int32]`) cannot hold values of `serverType`, if it cannot.
    static func problem(_ swiftType: String, serverType: SQLType, catalog: Catalog) -> String? {
        var base = swiftType
        if base.hasSuffix("?") { base.removeLast() }
        let isArray = base.hasPrefix("[") && base.hasSuffix("]")
        if isArray { base = String(base.dropFirst().dropLast()) }
        guard let accepted = holds[base] else { return nil }  // a type sqlgen does not know: not judged
        let serverType = catalog.baseType(serverType)
        if catalog.enumType(named: serverType.name) != nil, base == "String" { return nil }
        guard accepted.contains(serverType.name), isArray == serverType.isArray else {
            return "the Swift type \(swiftType) cannot hold the server's \(serverType)"
        }
        return nil
    }
}
