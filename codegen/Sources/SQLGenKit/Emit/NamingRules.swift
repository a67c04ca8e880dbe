/// Swift names of generated declarations, with the config's renames applied.
public struct NamingRules: Sendable {
    /// SQL name (`table`, `column`, `table.column`, `enum_type`) → Swift name.
    public var renames: [String: String]

    public init(renames: [String: String] = [:]) {
        self.renames = renames
    }

    /// The model struct of a table: `uploads` → `Upload`.
    public func model(_ table: String) -> String {
        renames[table] ?? SwiftNames.typeName(SwiftNames.singular(table.replacingOccurrences(of: ".", with: "_")))
    }

    public func enumType(_ name: String) -> String {
        renames[name] ?? SwiftNames.typeName(name.replacingOccurrences(of: ".", with: "_"))
    }

    /// A property or parameter: `user_id` → `userID`.
    public func member(_ column: String, table: String? = nil) -> String {
        if let table, let renamed = renames["\(table).\(column)"] { return renamed }
        return renames[column] ?? SwiftNames.memberName(column)
    }

    /// Names made unique in declaration order (`id`, `id2`).
    static func unique(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { name in
            let count = seen[name, default: 0] + 1
            seen[name] = count
            guard count > 1 else { return name }
            let bare = name.hasPrefix("`") ? String(name.dropFirst().dropLast()) : name
            return bare + "\(count)"
        }
    }
}
