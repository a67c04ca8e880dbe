/// An error found while analyzing a query, at a byte offset of the (rewritten) SQL.
struct AnalysisError: Error {
    var message: String
    var location: Int?
}

/// Type-checks one query against the catalog: resolves relations and columns, types the result
/// columns and infers each parameter's type, nullability and name.
final class QueryAnalyzer {
    let catalog: Catalog
    /// What has been learned about each parameter, by number (the first clue wins).
    var parameters: [Int: ParameterClue] = [:]
    /// Common table expressions in scope, by name.
    var commonTables: [String: [ResultColumn]] = [:]
    /// Relations written `sqlc.embed(t)` (now `t.*`) in the outermost select list.
    let embeds: Set<String>
    /// Columns whose type cannot be known: reported as warnings, typed `unknown` (Swift `Data`).
    var warnings: [AnalysisError] = []
    /// Set once the outermost statement is entered; nested statements see it true.
    private var entered = false

    struct ParameterClue {
        var type: SQLType?
        var notNull: Bool
        var name: String?
        var sourceColumn: String?
    }

    init(catalog: Catalog, embeds: Set<String> = []) {
        self.catalog = catalog
        self.embeds = embeds
    }

    /// True for the outermost statement only (the first call), whose select list may embed tables.
    private func enter() -> Bool {
        defer { entered = true }
        return !entered
    }

    /// The result columns of a statement (empty when it returns nothing).
    func analyze(_ statement: ParseNode, scope: Scope = Scope()) throws(AnalysisError) -> [ResultColumn] {
        guard let body = statement.body else { return [] }
        switch statement.type {
        case "SelectStmt": return try select(body, scope: scope)
        case "InsertStmt": return try insert(body, scope: scope)
        case "UpdateStmt": return try update(body, scope: scope)
        case "DeleteStmt": return try delete(body, scope: scope)
        default:
            throw AnalysisError(message: "\(statement.type ?? "this statement") is not supported in queries yet", location: nil)
        }
    }

    // MARK: statements

    func select(_ node: ParseNode, scope outer: Scope) throws(AnalysisError) -> [ResultColumn] {
        let isOutermost = enter()
        try withClause(node["withClause"], scope: outer)
        if let op = node["op"]?.stringValue, op != "SETOP_NONE", let left = node["larg"], let right = node["rarg"] {
            let columns = try select(left, scope: outer)
            _ = try select(right, scope: outer)
            try limits(node)
            return columns
        }
        if let rows = node["valuesLists"]?.elements, !rows.isEmpty {
            var columns: [ResultColumn] = []
            for row in rows {
                let items = row.node("List")?["items"]?.elements ?? []
                columns = []
                for (index, item) in items.enumerated() {
                    try infer(item, scope: outer)
                    let typed = try typeOf(item, scope: outer)
                    columns.append(
                        ResultColumn(name: "column\(index + 1)", type: typed?.type ?? SQLType("unknown"), notNull: typed?.notNull ?? false))
                }
            }
            return columns
        }
        var scope = outer
        for item in node["fromClause"]?.elements ?? [] {
            scope.entries += try fromItem(item, scope: scope)
        }
        try infer(node["whereClause"], scope: scope)
        try infer(node["havingClause"], scope: scope)
        let columns = try targetList(node["targetList"]?.elements ?? [], scope: scope, embedding: isOutermost)
        // GROUP BY and ORDER BY may name output columns (`ORDER BY total`) as well as input ones.
        let groups = node["groupClause"]?.elements ?? []
        let sorts = (node["sortClause"]?.elements ?? []).compactMap { $0.node("SortBy")?["node"] }
        for expression in groups + sorts {
            if let name = expression.node("ColumnRef")?["fields"]?.strings, name.count == 1,
                columns.contains(where: { $0.name == name[0] })
            {
                continue
            }
            try infer(expression, scope: scope)
        }
        try limits(node)
        return columns
    }

    func insert(_ node: ParseNode, scope outer: Scope) throws(AnalysisError) -> [ResultColumn] {
        let isOutermost = enter()
        try withClause(node["withClause"], scope: outer)
        let relation = node["relation"] ?? .null
        let table = try table(relation)
        let alias = relation["alias"]?["aliasname"]?.stringValue ?? table.name
        var targets: [Column] = []
        if let names = node["cols"]?.elements, !names.isEmpty {
            for name in names {
                let target = name.node("ResTarget")
                let columnName = target?["name"]?.stringValue ?? ""
                guard let column = table.column(named: columnName) else {
                    throw AnalysisError(
                        message: "column \"\(columnName)\" of relation \"\(table.name)\" does not exist",
                        location: target?["location"]?.intValue)
                }
                targets.append(column)
            }
        } else {
            targets = table.columns
        }
        if let source = node["selectStmt"]?.node("SelectStmt") {
            if let rows = source["valuesLists"]?.elements, !rows.isEmpty {
                for row in rows {
                    let items = row.node("List")?["items"]?.elements ?? []
                    if items.count > targets.count {
                        throw AnalysisError(
                            message: "INSERT has more expressions than target columns", location: items[targets.count].location)
                    }
                    for (item, column) in zip(items, targets) {
                        assign(item, column: column, table: table.name)
                        try infer(item, scope: outer)
                    }
                }
            } else {
                for (item, column) in zip(source["targetList"]?.elements ?? [], targets) {
                    if let value = item.node("ResTarget")?["val"] { assign(value, column: column, table: table.name) }
                }
                _ = try select(source, scope: outer)
            }
        }
        var scope = outer
        scope.entries.append(ScopeEntry(name: alias, columns: columns(of: table), nullable: false))
        if let conflict = node["onConflictClause"] {
            var conflictScope = scope
            conflictScope.entries.append(ScopeEntry(name: "excluded", columns: columns(of: table), nullable: false))
            try setList(conflict["targetList"]?.elements ?? [], table: table, scope: conflictScope)
            try infer(conflict["whereClause"], scope: conflictScope)
        }
        return try targetList(node["returningList"]?.elements ?? [], scope: scope, embedding: isOutermost)
    }

    func update(_ node: ParseNode, scope outer: Scope) throws(AnalysisError) -> [ResultColumn] {
        let isOutermost = enter()
        try withClause(node["withClause"], scope: outer)
        let relation = node["relation"] ?? .null
        let table = try table(relation)
        var scope = outer
        scope.entries.append(
            ScopeEntry(name: relation["alias"]?["aliasname"]?.stringValue ?? table.name, columns: columns(of: table), nullable: false))
        for item in node["fromClause"]?.elements ?? [] {
            scope.entries += try fromItem(item, scope: scope)
        }
        try setList(node["targetList"]?.elements ?? [], table: table, scope: scope)
        try infer(node["whereClause"], scope: scope)
        return try targetList(node["returningList"]?.elements ?? [], scope: scope, embedding: isOutermost)
    }

    func delete(_ node: ParseNode, scope outer: Scope) throws(AnalysisError) -> [ResultColumn] {
        let isOutermost = enter()
        try withClause(node["withClause"], scope: outer)
        let relation = node["relation"] ?? .null
        let table = try table(relation)
        var scope = outer
        scope.entries.append(
            ScopeEntry(name: relation["alias"]?["aliasname"]?.stringValue ?? table.name, columns: columns(of: table), nullable: false))
        for item in node["usingClause"]?.elements ?? [] {
            scope.entries += try fromItem(item, scope: scope)
        }
        try infer(node["whereClause"], scope: scope)
        return try targetList(node["returningList"]?.elements ?? [], scope: scope, embedding: isOutermost)
    }

    // MARK: clauses

    /// `WITH name AS (...)`: analyzes each CTE and makes it visible as a relation.
    func withClause(_ node: ParseNode?, scope: Scope) throws(AnalysisError) {
        for item in node?["ctes"]?.elements ?? [] {
            guard let cte = item.node("CommonTableExpr"), let name = cte["ctename"]?.stringValue,
                let query = cte["ctequery"]
            else { continue }
            let aliases = cte["aliascolnames"]?.strings ?? []
            // WITH RECURSIVE: the non-recursive arm types the CTE before the recursive arm refers to it.
            if let seed = query.node("SelectStmt")?["larg"], query.node("SelectStmt")?["op"]?.stringValue == "SETOP_UNION" {
                commonTables[name] = Self.cteColumns(try select(seed, scope: scope), aliases: aliases, origin: name)
            }
            commonTables[name] = Self.cteColumns(try analyze(query, scope: scope), aliases: aliases, origin: name)
        }
    }

    static func cteColumns(_ columns: [ResultColumn], aliases: [String], origin: String) -> [ResultColumn] {
        columns.enumerated().map { index, column in
            var column = column
            if index < aliases.count { column.name = aliases[index] }
            column.table = nil
            column.origin = origin
            return column
        }
    }

    /// `SET column = value, ...` of UPDATE and ON CONFLICT DO UPDATE.
    func setList(_ targets: [ParseNode], table: Table, scope: Scope) throws(AnalysisError) {
        for target in targets {
            guard let target = target.node("ResTarget") else { continue }
            let name = target["name"]?.stringValue ?? ""
            guard let column = table.column(named: name) else {
                throw AnalysisError(
                    message: "column \"\(name)\" of relation \"\(table.name)\" does not exist", location: target["location"]?.intValue)
            }
            if let value = target["val"] {
                assign(value, column: column, table: table.name)
                try infer(value, scope: scope)
            }
        }
    }

    /// LIMIT and OFFSET parameters are int8, named like sqlc's.
    func limits(_ node: ParseNode) throws(AnalysisError) {
        for (key, name) in [("limitCount", "limit"), ("limitOffset", "offset")] {
            guard let value = node[key] else { continue }
            if let number = value.node("ParamRef")?["number"]?.intValue {
                learn(number, ParameterClue(type: SQLType("int8"), notNull: true, name: name))
            }
            try infer(value, scope: Scope())
        }
    }

    /// Output columns of a select list or RETURNING list.
    func targetList(_ targets: [ParseNode], scope: Scope, embedding: Bool = false) throws(AnalysisError) -> [ResultColumn] {
        var columns: [ResultColumn] = []
        for target in targets {
            guard let target = target.node("ResTarget"), let value = target["val"] else { continue }
            if let fields = value.node("ColumnRef")?["fields"]?.elements, fields.last?.type == "A_Star" {
                let table = fields.count > 1 ? fields[0].node("String")?["sval"]?.stringValue : nil
                guard var expanded = scope.star(table: table) else {
                    throw AnalysisError(message: "missing FROM-clause entry for table \"\(table ?? "")\"", location: value.location)
                }
                if embedding, let table, embeds.contains(table) {
                    let model = try checkEmbeddable(expanded, alias: table, location: value.location)
                    let outerJoined = scope.entries.first { $0.name == table }?.nullable ?? false
                    for index in expanded.indices {
                        expanded[index].embed = table
                        if outerJoined {
                            expanded[index].notNull = model.columns[index].notNull
                            expanded[index].embedNullable = true
                        }
                    }
                }
                columns += expanded
                continue
            }
            try infer(value, scope: scope)
            let typed = try typeOf(value, scope: scope)
            let name = target["name"]?.stringValue ?? typed?.name ?? "?column?"
            guard let type = typed?.type else {
                warnings.append(
                    AnalysisError(
                        message:
                            "cannot know the type of column \"\(name)\": it is read as the raw bytes of its binary value (Data); add a cast, e.g. (...)::text",
                        location: value.location))
                columns.append(ResultColumn(name: name, type: SQLType("unknown"), notNull: false))
                continue
            }
            columns.append(
                ResultColumn(
                    name: name, type: type, notNull: typed?.notNull ?? false,
                    table: target["name"] == nil ? typed?.table : nil, origin: typed?.origin))
        }
        return columns
    }

    /// `sqlc.embed(t)` becomes a field of t's model type (optional on the nullable side of an outer
    /// join, where sqlc gets it wrong: sqlc #2348): t must be a table of the FROM clause.
    func checkEmbeddable(_ columns: [ResultColumn], alias: String, location: Int?) throws(AnalysisError) -> Table {
        guard let name = columns.first?.table, let table = catalog.table(named: name),
            table.columns.count == columns.count, columns.allSatisfy({ $0.table == name })
        else {
            throw AnalysisError(message: "sqlc.embed(\(alias)) must name a table of the FROM clause", location: location)
        }
        return table
    }

    // MARK: relations

    func table(_ relation: ParseNode) throws(AnalysisError) -> Table {
        let name = TypeNames.relation(relation)
        guard let table = catalog.table(named: name) else {
            throw AnalysisError(message: "relation \"\(name)\" does not exist", location: relation["location"]?.intValue)
        }
        return table
    }

    func columns(of table: Table) -> [ResultColumn] {
        table.columns.map { ResultColumn(name: $0.name, type: $0.type, notNull: $0.notNull, table: table.name) }
    }

    /// The relations a FROM item brings into scope.
    func fromItem(_ item: ParseNode, scope: Scope) throws(AnalysisError) -> [ScopeEntry] {
        if let range = item.node("RangeVar") {
            let name = range["relname"]?.stringValue ?? ""
            let alias = range["alias"]?["aliasname"]?.stringValue ?? name
            if let columns = commonTables[name], range["schemaname"] == nil {
                return [ScopeEntry(name: alias, columns: columns, nullable: false)]
            }
            return [ScopeEntry(name: alias, columns: columns(of: try table(range)), nullable: false)]
        }
        if let join = item.node("JoinExpr") {
            var left = try fromItem(join["larg"] ?? .null, scope: scope)
            var right = try fromItem(join["rarg"] ?? .null, scope: scope)
            switch join["jointype"]?.stringValue {
            case "JOIN_LEFT": right = right.map { ScopeEntry(name: $0.name, columns: $0.columns, nullable: true) }
            case "JOIN_RIGHT": left = left.map { ScopeEntry(name: $0.name, columns: $0.columns, nullable: true) }
            case "JOIN_FULL":
                left = left.map { ScopeEntry(name: $0.name, columns: $0.columns, nullable: true) }
                right = right.map { ScopeEntry(name: $0.name, columns: $0.columns, nullable: true) }
            default: break
            }
            var joined = scope
            joined.entries += left + right
            try infer(join["quals"], scope: joined)
            return left + right
        }
        if let subselect = item.node("RangeSubselect"), let query = subselect["subquery"] {
            let columns = try analyze(query, scope: subselect["lateral"]?.boolValue == true ? scope : Scope())
            let alias = subselect["alias"]?["aliasname"]?.stringValue ?? ""
            return [
                ScopeEntry(
                    name: alias,
                    columns: columns.map { column in
                        var column = column
                        column.table = nil
                        return column
                    }, nullable: false)
            ]
        }
        if let range = item.node("RangeFunction") {
            return try functionRows(range, scope: scope)
        }
        throw AnalysisError(message: "this kind of FROM item (\(item.type ?? "?")) is not supported yet", location: item.location)
    }
}
