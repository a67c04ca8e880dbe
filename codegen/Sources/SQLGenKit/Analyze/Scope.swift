/// A relation visible in a query: a table, a CTE or a subquery, under its alias.
struct ScopeEntry {
    var name: String
    var columns: [ResultColumn]
    /// True on the nullable side of an outer join: every column may be NULL.
    var nullable: Bool
}

/// The relations a query's expressions can refer to, innermost first (subqueries see outer relations).
struct Scope {
    var entries: [ScopeEntry] = []
    var outer: [ScopeEntry] = []

    /// The scope a subquery starts with.
    func nested() -> Scope {
        Scope(entries: [], outer: entries + outer)
    }

    enum Lookup {
        case found(ResultColumn)
        case ambiguous
        case missingColumn
        case missingTable
    }

    /// Resolves a column reference `column` or `table.column`.
    func resolve(table: String?, column: String) -> Lookup {
        for level in [entries, outer] {
            let candidates = level.filter { table == nil || $0.name == table }
            if table != nil, candidates.isEmpty { continue }
            let matches = candidates.compactMap { entry -> ResultColumn? in
                guard var match = entry.columns.first(where: { $0.name == column }) else { return nil }
                if entry.nullable { match.notNull = false }
                return match
            }
            if matches.count > 1 { return .ambiguous }
            if let match = matches.first { return .found(match) }
            if table != nil { return .missingColumn }
        }
        return table == nil ? .missingColumn : .missingTable
    }

    /// The columns `*` or `table.*` expands to.
    func star(table: String?) -> [ResultColumn]? {
        let chosen = entries.filter { table == nil || $0.name == table }
        if table != nil, chosen.isEmpty { return nil }
        return chosen.flatMap { entry in
            entry.columns.map { column in
                var column = column
                if entry.nullable { column.notNull = false }
                return column
            }
        }
    }
}
