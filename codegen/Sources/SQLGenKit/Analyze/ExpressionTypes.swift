/// What an expression evaluates to.
struct Typed {
    /// nil when unknown (e.g. a bare parameter nothing has typed yet, or a NULL literal).
    var type: SQLType?
    var notNull: Bool
    /// The name PostgreSQL gives the expression as an output column (`count`, the column's name...).
    var name: String?
    /// The table of a plain column reference.
    var table: String?
    /// The relation the value was read from (see `ResultColumn.origin`).
    var origin: String?

    /// `table.column` of a plain column reference.
    var source: String? { table.flatMap { table in name.map { "\(table).\($0)" } } }
}

extension QueryAnalyzer {
    /// The type of an expression; throws for references to unknown relations or columns.
    func typeOf(_ node: ParseNode?, scope: Scope) throws(AnalysisError) -> Typed? {
        guard let node, let body = node.body else { return nil }
        switch node.type {
        case "ColumnRef":
            return try columnReference(body, scope: scope)
        case "ParamRef":
            let number = body["number"]?.intValue ?? 0
            return Typed(type: parameters[number]?.type, notNull: true, name: nil)
        case "TypeCast":
            let inner = try typeOf(body["arg"], scope: scope)
            let type = TypeNames.type(of: body["typeName"] ?? .null).type
            return Typed(type: type, notNull: inner?.notNull ?? true, name: inner?.name ?? type.name)
        case "A_Const":
            if body["isnull"]?.boolValue == true { return Typed(type: nil, notNull: false, name: nil) }
            let type =
                body["ival"] != nil
                ? "int4"
                : body["fval"] != nil
                    ? "numeric"
                    : body["boolval"] != nil
                        ? "bool"
                        : body["bsval"] != nil ? "bit" : "text"
            return Typed(type: SQLType(type), notNull: true, name: nil)
        case "FuncCall":
            return try functionCall(body, scope: scope)
        case "SQLValueFunction":
            return Typed(type: SQLType(FunctionTypes.valueFunction(body["op"]?.stringValue ?? "")), notNull: true, name: nil)
        case "A_Expr":
            return try operatorExpression(body, scope: scope)
        case "BoolExpr", "NullTest", "BooleanTest":
            return Typed(type: SQLType("bool"), notNull: true, name: nil)
        case "SubLink":
            let columns = try analyze(body["subselect"] ?? .null, scope: scope.nested())
            switch body["subLinkType"]?.stringValue {
            case "EXISTS_SUBLINK": return Typed(type: SQLType("bool"), notNull: true, name: "exists")
            case "EXPR_SUBLINK":
                // A subquery aggregating without GROUP BY always yields one row (`SELECT count(*) ...`).
                let select = body["subselect"]?.node("SelectStmt")
                let oneRow =
                    select?["groupClause"] == nil && select?["havingClause"] == nil && select?["limitCount"] == nil
                    && select?["targetList"]?.elements.count == 1
                    && select?["targetList"]?.elements.first?.node("ResTarget")?["val"]?.node("FuncCall")?["funcname"]?.strings.last
                        == "count"
                return columns.first.map { Typed(type: $0.type, notNull: oneRow && $0.notNull, name: $0.name) }
            case "ARRAY_SUBLINK":
                return columns.first.map { column in
                    var type = column.type
                    type.isArray = true
                    return Typed(type: type, notNull: true, name: "array")
                }
            default: return Typed(type: SQLType("bool"), notNull: false, name: nil)
            }
        case "CoalesceExpr", "MinMaxExpr":
            var result: Typed?
            var anyNotNull = false
            for argument in body["args"]?.elements ?? [] {
                guard let typed = try typeOf(argument, scope: scope) else { continue }
                if result?.type == nil, typed.type != nil { result = typed }
                if typed.notNull { anyNotNull = true }
            }
            let name = node.type == "CoalesceExpr" ? "coalesce" : (body["op"]?.stringValue == "IS_GREATEST" ? "greatest" : "least")
            return result.map {
                Typed(type: $0.type, notNull: node.type == "CoalesceExpr" ? anyNotNull : $0.notNull, name: name, origin: $0.origin)
            }
        case "CaseExpr":
            var result: Typed?
            var notNull = body["defresult"] != nil
            for clause in body["args"]?.elements ?? [] {
                let typed = try typeOf(clause.node("CaseWhen")?["result"], scope: scope)
                if result?.type == nil { result = typed }
                notNull = notNull && (typed?.notNull ?? false)
            }
            let fallback = try typeOf(body["defresult"], scope: scope)
            if result?.type == nil { result = fallback }
            notNull = notNull && (fallback?.notNull ?? false)
            return result.map { Typed(type: $0.type, notNull: notNull, name: "case") }
        case "A_ArrayExpr":
            let first = try typeOf(body["elements"]?.elements.first, scope: scope)
            return Typed(type: first?.type.map { SQLType($0.name, isArray: true) }, notNull: true, name: "array")
        default:
            return nil
        }
    }

    /// Resolves `column`, `table.column` (PostgreSQL's messages for the failures).
    func columnReference(_ body: ParseNode, scope: Scope) throws(AnalysisError) -> Typed? {
        let fields = body["fields"]?.elements ?? []
        let names = fields.compactMap { $0.node("String")?["sval"]?.stringValue }
        guard names.count == fields.count, let column = names.last else { return nil }
        let table = names.count > 1 ? names[names.count - 2] : nil
        switch scope.resolve(table: table, column: column) {
        case .found(let found):
            return Typed(type: found.type, notNull: found.notNull, name: found.name, table: found.table, origin: found.origin)
        case .ambiguous:
            throw AnalysisError(message: "column reference \"\(column)\" is ambiguous", location: body["location"]?.intValue)
        case .missingColumn:
            let written = table.map { "\($0).\(column)" } ?? column
            throw AnalysisError(
                message: table == nil ? "column \"\(column)\" does not exist" : "column \(written) does not exist",
                location: body["location"]?.intValue)
        case .missingTable:
            throw AnalysisError(message: "missing FROM-clause entry for table \"\(table ?? "")\"", location: body["location"]?.intValue)
        }
    }

    func operatorExpression(_ body: ParseNode, scope: Scope) throws(AnalysisError) -> Typed? {
        let left = try typeOf(body["lexpr"], scope: scope)
        let right = try typeOf(body["rexpr"], scope: scope)
        let op = body["name"]?.strings.last ?? ""
        let notNull = (left?.notNull ?? true) && (right?.notNull ?? true)
        switch body["kind"]?.stringValue {
        case "AEXPR_OP" where ["+", "-", "*", "/", "%", "^"].contains(op):
            if let left = left?.type, left.name == "timestamptz" || left.name == "timestamp" || left.name == "date",
                op == "-", let right = right?.type, right.name == left.name
            {
                return Typed(type: SQLType(left.name == "date" ? "int4" : "interval"), notNull: notNull, name: nil)
            }
            if op == "^" {  // float8 ^ float8, numeric ^ numeric
                let numeric = left?.type?.name == "numeric" || right?.type?.name == "numeric"
                return Typed(type: SQLType(numeric ? "numeric" : "float8"), notNull: notNull, name: nil)
            }
            return Typed(type: Self.promoted(left?.type, right?.type), notNull: notNull, name: nil)
        case "AEXPR_OP" where op == "||":
            let type = left?.type?.isArray == true ? left?.type : (left?.type?.name == "jsonb" ? left?.type : SQLType("text"))
            return Typed(type: type, notNull: notNull, name: nil)
        case "AEXPR_OP" where ["->", "#>"].contains(op):
            return Typed(type: left?.type.map { SQLType($0.name) } ?? SQLType("jsonb"), notNull: false, name: nil)
        case "AEXPR_OP" where ["->>", "#>>"].contains(op):
            return Typed(type: SQLType("text"), notNull: false, name: nil)
        case "AEXPR_NULLIF":
            return Typed(type: left?.type, notNull: false, name: "nullif")
        case "AEXPR_DISTINCT", "AEXPR_NOT_DISTINCT":
            return Typed(type: SQLType("bool"), notNull: true, name: nil)
        default:
            return Typed(type: SQLType("bool"), notNull: notNull, name: nil)
        }
    }

    /// The result type of arithmetic on two numbers: the wider operand (`int2 * int4` is int4).
    static func promoted(_ left: SQLType?, _ right: SQLType?) -> SQLType? {
        let ranks = ["int2": 1, "int4": 2, "int8": 3, "numeric": 4, "float4": 5, "float8": 6]
        guard let left, let right, !left.isArray, !right.isArray,
            let leftRank = ranks[left.name], let rightRank = ranks[right.name]
        else { return left ?? right }
        return leftRank >= rightRank ? left : right
    }

    func functionCall(_ body: ParseNode, scope: Scope) throws(AnalysisError) -> Typed? {
        let name = body["funcname"]?.strings.last?.lowercased() ?? ""
        var arguments: [Typed?] = []
        for argument in body["args"]?.elements ?? [] {
            arguments.append(try typeOf(argument, scope: scope))
        }
        if let declared = catalog.functions[TypeNames.qualified(body["funcname"]?.strings ?? [])] {
            return Typed(type: declared, notNull: false, name: name)
        }
        guard let result = FunctionTypes.result(of: name, arguments: arguments.map { $0?.type }, star: body["agg_star"]?.boolValue == true)
        else {
            return Typed(type: nil, notNull: false, name: name)
        }
        let notNull: Bool
        switch result.nullability {
        case .never: notNull = true
        case .always: notNull = false
        case .fromArguments: notNull = arguments.allSatisfy { $0?.notNull ?? true }
        }
        return Typed(type: result.type, notNull: notNull, name: name)
    }
}
