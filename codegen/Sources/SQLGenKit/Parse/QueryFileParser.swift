/// One annotated query of a query file, parsed and with named parameters rewritten.
public struct ParsedQuery: Sendable, Hashable {
    public var annotation: QueryAnnotation
    public var query: RewrittenQuery
    public var file: SourceFile
    /// Byte offset of the statement's text in the file.
    public var statementOffset: Int

    /// A diagnostic at a byte offset of the rewritten SQL.
    public func diagnostic(atRewritten offset: Int?, _ message: String) -> Diagnostic {
        let original = offset.map { query.originalOffset(of: $0) } ?? annotation.location
        return file.diagnostic(atByte: statementOffset + original, message)
    }
}

/// Reads sqlc-style query files: statements each preceded by `-- name: Name :cmd`.
public enum QueryFileParser {
    /// Parses every query of `file`, collecting one diagnostic per broken query.
    public static func parse(_ file: SourceFile) -> (queries: [ParsedQuery], diagnostics: [Diagnostic]) {
        let statements: [PgQuery.Statement]
        do {
            statements = try PgQuery.parse(file.text)
        } catch {
            let (line, column) = file.position(ofCursor: error.cursor)
            return ([], [Diagnostic(path: file.path, line: line, column: column, message: error.message)])
        }
        var queries: [ParsedQuery] = []
        var diagnostics: [Diagnostic] = []
        let totalBytes = file.text.utf8.count
        for statement in statements {
            let end = statement.length == 0 ? totalBytes : statement.location + statement.length
            let text = file.text.bytes(statement.location..<end)
            do {
                guard let annotation = try QueryAnnotation.read(from: text) else {
                    let firstCode = text.utf8.count - text.drop(while: { $0.isWhitespace }).utf8.count
                    diagnostics.append(
                        file.diagnostic(
                            atByte: statement.location + firstCode,
                            "query has no annotation: add a line '-- name: QueryName :one|:many|:exec|:execrows' above it"))
                    continue
                }
                let tree = try PgQuery.parse(text).first?.tree ?? statement.tree
                let rewritten = try NamedParameters.rewrite(text, tree: tree)
                queries.append(ParsedQuery(annotation: annotation, query: rewritten, file: file, statementOffset: statement.location))
            } catch let error as AnnotationError {
                diagnostics.append(file.diagnostic(atByte: statement.location + error.offset, error.message))
            } catch let error as PgQuery.SyntaxError {
                let cursor = file.cursor(ofByte: statement.location) + error.cursor
                let (line, column) = file.position(ofCursor: cursor)
                diagnostics.append(Diagnostic(path: file.path, line: line, column: column, message: error.message))
            } catch {
                diagnostics.append(file.diagnostic(atByte: statement.location, "\(error)"))
            }
        }
        return (queries, diagnostics)
    }
}
