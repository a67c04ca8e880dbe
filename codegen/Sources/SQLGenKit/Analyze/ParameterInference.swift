/// How parameters get their types: from the column they are compared with, inserted into or
/// assigned to, from a cast, from LIMIT/OFFSET.
extension QueryAnalyzer {
    /// Records a clue about parameter `number`; earlier clues win, later ones fill gaps.
    func learn(_ number: Int, _ clue: ParameterClue) {
        guard var known = parameters[number] else {
            parameters[number] = clue
            return
        }
        if known.type == nil, clue.type != nil {
            known.type = clue.type
            known.notNull = clue.notNull
            known.sourceColumn = clue.sourceColumn
        }
        if known.name == nil { known.name = clue.name }
        parameters[number] = known
    }

    /// The number of a parameter written bare (`$1`) or cast (`$1::int4`).
    func parameterNumber(_ node: ParseNode?) -> Int? {
        if let number = node?.node("ParamRef")?["number"]?.intValue { return number }
        return node?.node("TypeCast").flatMap { parameterNumber($0["arg"]) }
    }

    /// A value stored into `column` (INSERT values, UPDATE SET): the parameter takes the column's
    /// type and nullability.
    func assign(_ value: ParseNode, column: Column, table: String) {
        // `SET (a, b) = ($1, $2)`: each target sees its own element of the row.
        if let multi = value.node("MultiAssignRef"), let position = multi["colno"]?.intValue,
            let element = multi["source"]?.node("RowExpr")?["args"]?.elements.dropFirst(position - 1).first
        {
            assign(element, column: column, table: table)
            return
        }
        guard let number = parameterNumber(value) else { return }
        var type = column.type
        if let cast = value.node("TypeCast")?["typeName"] { type = TypeNames.type(of: cast).type }
        learn(number, ParameterClue(type: type, notNull: column.notNull, name: column.name, sourceColumn: "\(table).\(column.name)"))
    }

    /// Walks an expression: checks its column references and learns parameter types from it.
    func infer(_ node: ParseNode?, scope: Scope) throws(AnalysisError) {
        guard let node, let body = node.body else {
            // Lists, and unwrapped structs such as a window definition (`OVER (PARTITION BY ...)`).
            if case .object(let fields)? = node {
                for key in fields.keys.sorted() { try infer(fields[key], scope: scope) }
            }
            for element in node?.elements ?? [] { try infer(element, scope: scope) }
            return
        }
        switch node.type {
        case "ColumnRef":
            _ = try typeOf(node, scope: scope)
        case "ParamRef":
            break
        case "TypeCast":
            if let number = body["arg"]?.node("ParamRef")?["number"]?.intValue, let typeName = body["typeName"] {
                learn(number, ParameterClue(type: TypeNames.type(of: typeName).type, notNull: true, name: nil))
            }
            try infer(body["arg"], scope: scope)
        case "A_Expr":
            try compare(body, scope: scope)
            try infer(body["lexpr"], scope: scope)
            try infer(body["rexpr"], scope: scope)
        case "SubLink":
            let columns = try analyze(body["subselect"] ?? .null, scope: scope.nested())
            if let number = parameterNumber(body["testexpr"]), let first = columns.first {
                learn(number, ParameterClue(type: first.type, notNull: true, name: first.name))
            }
            try infer(body["testexpr"], scope: scope)
        case "FuncCall":
            learnArguments(body, function: TypeNames.qualified(body["funcname"]?.strings ?? []))
            let function = body["funcname"]?.strings.last?.lowercased() ?? ""
            for (index, argument) in (body["args"]?.elements ?? []).enumerated() {
                let named = argument.node("NamedArgExpr")
                guard let number = parameterNumber(named?["arg"] ?? argument),
                    let type = FunctionTypes.argumentType(of: function, index: index, name: named?["name"]?.stringValue)
                else { continue }
                learn(number, ParameterClue(type: type, notNull: true, name: named?["name"]?.stringValue))
            }
            for key in ["args", "agg_filter", "agg_order", "over"] { try infer(body[key], scope: scope) }
        case "SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt":
            _ = try analyze(node, scope: scope.nested())
        case "CoalesceExpr", "MinMaxExpr":
            let arguments = body["args"]?.elements ?? []
            var known: Typed?
            for argument in arguments where parameterNumber(argument) == nil {
                if let typed = try typeOf(argument, scope: scope), typed.type != nil {
                    known = typed
                    break
                }
            }
            if let typed = known {
                for argument in arguments {
                    // `COALESCE(@x, col)`: NULL is the point of passing x (sqlc #937 makes it non-null).
                    if let number = parameterNumber(argument) {
                        learn(
                            number,
                            ParameterClue(
                                type: typed.type, notNull: node.type != "CoalesceExpr", name: typed.name, sourceColumn: typed.source))
                    }
                }
            }
            try infer(body["args"], scope: scope)
        default:
            if case .object(let fields) = body {
                for key in fields.keys.sorted() { try infer(fields[key], scope: scope) }
            }
        }
    }

    /// What PostgreSQL infers for a parameter compared with a value of `typed`'s type: varchar has
    /// no operators of its own, so `varchar_column = $1` makes $1 text; a composite makes it `record`.
    private func compared(_ typed: Typed, parameter: ParseNode? = nil) -> ParameterClue {
        // `col = $1::T`: the cast decides, as it does for the server.
        if let cast = parameter?.node("TypeCast")?["typeName"] {
            return ParameterClue(type: TypeNames.type(of: cast).type, notNull: true, name: typed.name, sourceColumn: typed.source)
        }
        var type = typed.type
        if type?.name == "varchar" { type?.name = "text" }
        // Composites compare with `record = record`: the server types the parameter `record`.
        if let name = type?.name, catalog.compositeType(named: name) != nil {
            return ParameterClue(type: SQLType("record"), notNull: true, name: typed.name)
        }
        return ParameterClue(type: type, notNull: true, name: typed.name, sourceColumn: typed.source)
    }

    /// `a op b`, `a IN (...)`, `a BETWEEN x AND y`, `a = ANY(b)`: a parameter on one side takes the
    /// other side's type.
    private func compare(_ expression: ParseNode, scope: Scope) throws(AnalysisError) {
        let kind = expression["kind"]?.stringValue ?? ""
        let left = expression["lexpr"]
        let right = expression["rexpr"]
        let rightItems = right?.node("List")?["items"]?.elements ?? right?.elements ?? []
        switch kind {
        case "AEXPR_IN", "AEXPR_BETWEEN", "AEXPR_NOT_BETWEEN", "AEXPR_BETWEEN_SYM", "AEXPR_NOT_BETWEEN_SYM":
            if let typed = try typeOf(left, scope: scope) {
                for item in rightItems {
                    if let number = parameterNumber(item) { learn(number, compared(typed)) }
                }
            }
            if let number = parameterNumber(left), let item = rightItems.first(where: { parameterNumber($0) == nil }),
                let typed = try typeOf(item, scope: scope)
            {
                learn(number, compared(typed))
            }
        case "AEXPR_OP_ANY", "AEXPR_OP_ALL":
            if let number = parameterNumber(right), let typed = try typeOf(left, scope: scope), var type = typed.type {
                type.isArray = true
                learn(number, ParameterClue(type: type, notNull: true, name: typed.name.map(SwiftNames.plural), sourceColumn: typed.source))
            }
        case "AEXPR_OP" where ["*", "/"].contains(expression["name"]?.strings.last ?? ""):
            // `$1 * interval '1 second'` is float8 * interval (PostgreSQL has no int * interval).
            for (parameter, other) in [(left, right), (right, left)] {
                guard let number = parameterNumber(parameter), let typed = try typeOf(other, scope: scope), let type = typed.type else {
                    continue
                }
                learn(number, ParameterClue(type: type.name == "interval" ? SQLType("float8") : type, notNull: true, name: nil))
            }
        default:
            // `(a, b) < ($1, $2)`: element by element.
            if let lefts = left?.node("RowExpr")?["args"]?.elements, let rights = right?.node("RowExpr")?["args"]?.elements,
                lefts.count == rights.count
            {
                for (leftElement, rightElement) in zip(lefts, rights) {
                    if let number = parameterNumber(rightElement), let typed = try typeOf(leftElement, scope: scope), typed.type != nil {
                        learn(number, compared(typed))
                    }
                    if let number = parameterNumber(leftElement), let typed = try typeOf(rightElement, scope: scope), typed.type != nil {
                        learn(number, compared(typed))
                    }
                }
            }
            if let number = parameterNumber(right), let typed = try typeOf(left, scope: scope), typed.type != nil {
                learn(number, compared(typed, parameter: right))
            }
            if let number = parameterNumber(left), let typed = try typeOf(right, scope: scope), typed.type != nil {
                learn(number, compared(typed, parameter: left))
            }
        }
    }
}
