/// The Swift declaration of a query's function, without access level or body: what the `Queries`
/// extension implements and what the query file's protocol requires.
struct QuerySignature {
    /// `@discardableResult` when the result is a count callers may ignore.
    var attributes: [String]
    /// `func createUpload(id: UUID, ...) async throws -> Upload?`
    var declaration: String

    init(_ query: AnalyzedQuery, catalog: Catalog, options: EmitOptions) {
        let name = SwiftNames.memberName(query.name)
        let params = query.name + "Params"
        switch query.command {
        case .copyfrom:
            attributes = ["@discardableResult"]
            declaration = "func \(name)(_ rows: [\(params)]) async throws -> Int"
            return
        case .batchexec, .batchone, .batchmany:
            let element = BatchEmitter.element(query, catalog: catalog, options: options).type
            attributes = []
            declaration = "func \(name)(_ batch: [\(params)]) async throws" + (element.isEmpty ? "" : " -> [\(element)]")
            return
        default:
            break
        }
        let labels = NamingRules.unique(query.parameters.map { options.naming.member($0.name) })
        let types = query.parameters.map { options.types.swiftType(for: $0.type, notNull: $0.notNull, column: $0.sourceColumn) }
        let returnType: String
        switch (QueriesEmitter.ResultShape(query, catalog: catalog, options: options).kind, query.command) {
        case (.model(let name), .one), (.row(let name, _), .one): returnType = " -> \(name)?"
        case (.model(let name), .many), (.row(let name, _), .many): returnType = " -> [\(name)]"
        case (.scalar(let type), .one): returnType = " -> \(type.hasSuffix("?") ? type : type + "?")"
        case (.scalar(let type), .many): returnType = " -> [\(type)]"
        case (_, .execrows), (_, .execresult): returnType = " -> Int"
        default: returnType = ""
        }
        attributes = query.command == .execresult ? ["@discardableResult"] : []
        declaration = "func \(name)(\(zip(labels, types).map { "\($0): \($1)" }.joined(separator: ", "))) async throws\(returnType)"
    }
}
