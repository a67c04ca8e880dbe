/// Functions in FROM (`FROM active_items($1) AS a`, `unnest(...)`, `generate_series(...)`): the
/// columns they give, from CREATE FUNCTION (`RETURNS TABLE`, OUT parameters, `SETOF table`, a scalar).
extension QueryAnalyzer {
    func functionRows(_ range: ParseNode, scope: Scope) throws(AnalysisError) -> [ScopeEntry] {
        var columns: [ResultColumn] = []
        var firstName: String?
        for function in range["functions"]?.elements ?? [] {
            guard let call = function.node("List")?["items"]?.elements.first?.node("FuncCall") else { continue }
            let name = TypeNames.qualified(call["funcname"]?.strings ?? [])
            firstName = firstName ?? call["funcname"]?.strings.last
            learnArguments(call, function: name)
            try infer(.object(["FuncCall": call]), scope: scope)
            columns += try rows(of: call, function: name, scope: scope)
        }
        if range["ordinality"]?.boolValue == true {
            columns.append(ResultColumn(name: "ordinality", type: SQLType("int8"), notNull: true))
        }
        let alias = range["alias"]
        for (index, name) in (alias?["colnames"]?.strings ?? []).enumerated() where index < columns.count {
            columns[index].name = name
            columns[index].table = nil
        }
        let entryName = alias?["aliasname"]?.stringValue ?? firstName ?? ""
        if columns.count == 1, alias?["colnames"] == nil, columns[0].table == nil, columns[0].name == firstName {
            columns[0].name = entryName  // `FROM unnest($1) AS tag`: the column is `tag`, as in PostgreSQL
        }
        return [ScopeEntry(name: entryName, columns: columns, nullable: false)]
    }

    /// Parameters passed to a function declared in the schema take its argument's type and name.
    func learnArguments(_ call: ParseNode, function: String) {
        guard let signature = catalog.signatures[function] else { return }
        for (index, argument) in (call["args"]?.elements ?? []).enumerated() {
            let named = argument.node("NamedArgExpr")
            let declared =
                named.flatMap { named in signature.arguments.first { $0.name == named["name"]?.stringValue } }
                ?? (index < signature.arguments.count ? signature.arguments[index] : nil)
            guard let declared, let number = parameterNumber(named?["arg"] ?? argument) else { continue }
            learn(number, ParameterClue(type: declared.type, notNull: true, name: declared.name))
        }
    }

    private func rows(of call: ParseNode, function: String, scope: Scope) throws(AnalysisError) -> [ResultColumn] {
        let shortName = call["funcname"]?.strings.last ?? function
        if let signature = catalog.signatures[function] {
            if !signature.columns.isEmpty {
                return signature.columns.map { ResultColumn(name: $0.name, type: catalog.baseType($0.type), notNull: false) }
            }
            if let table = catalog.table(named: signature.returnType.name), !signature.returnType.isArray {
                return columns(of: table)
            }
            return [ResultColumn(name: shortName, type: catalog.baseType(signature.returnType), notNull: false)]
        }
        let arguments = call["args"]?.elements ?? []
        switch shortName.lowercased() {
        case "unnest":
            var result: [ResultColumn] = []
            for argument in arguments {
                let typed = try typeOf(argument, scope: scope)
                let element = typed?.type.map { SQLType($0.name) } ?? SQLType("unknown")
                result.append(ResultColumn(name: "unnest", type: element, notNull: false))
            }
            return result
        case "generate_series":
            let typed = try arguments.first.flatMap { argument throws(AnalysisError) in try typeOf(argument, scope: scope) }
            var type = typed?.type ?? SQLType("int4")
            if type.name == "date" { type = SQLType("timestamptz") }  // generate_series(date, date, interval) runs on timestamptz
            return [ResultColumn(name: "generate_series", type: type, notNull: true)]
        default:
            throw AnalysisError(
                message: "function \(function) is not declared in the schema: cannot know the columns it returns",
                location: call["location"]?.intValue)
        }
    }
}
