/// What a query's result turns into (sqlc's `:one`, `:many`, ...).
public enum QueryCommand: String, Sendable, Hashable, CaseIterable, Codable {
    case one, many, exec, execrows, execresult, copyfrom, batchexec, batchone, batchmany
}

/// The `-- name: Name :cmd` line above a query, with the comments around it.
public struct QueryAnnotation: Sendable, Hashable {
    public var name: String
    public var command: QueryCommand
    /// Comment lines directly above or below the name line, without their `--`.
    public var documentation: [String]
    /// Byte offset of the name line in the statement text.
    public var location: Int

    /// Reads the annotation from the comment lines leading a statement's text.
    /// Returns nil when the statement has no `-- name:` line; throws a message for a malformed one.
    static func read(from statementText: String) throws(AnnotationError) -> QueryAnnotation? {
        var comments: [(text: String, offset: Int, isName: Bool)] = []
        var blankBefore: Set<Int> = []
        for (line, offset) in statementText.byteLines {
            let trimmed = line.trimmingCharacters(in: " \t\r")
            if trimmed.isEmpty {
                blankBefore.insert(comments.count)
                continue
            }
            guard trimmed.hasPrefix("--") else { break }
            let body = String(trimmed.dropFirst(2))
            let content = body.drop(while: { $0 == " " })
            comments.append((String(body.hasPrefix(" ") ? body.dropFirst() : Substring(body)), offset, content.hasPrefix("name:")))
        }
        guard let nameIndex = comments.firstIndex(where: \.isName) else { return nil }
        let nameLine = comments[nameIndex]
        let words = nameLine.text.drop(while: { $0 == " " }).dropFirst("name:".count)
            .split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2, words[1].hasPrefix(":") else {
            throw AnnotationError(
                message:
                    "invalid query annotation: expected '-- name: QueryName :command' (:one, :many, :exec, :execrows, :execresult, :copyfrom, :batchexec, :batchone, :batchmany)",
                offset: nameLine.offset)
        }
        let name = String(words[0])
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic,
            name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" })
        else {
            throw AnnotationError(message: "invalid query name \"\(name)\": use letters, digits and underscores", offset: nameLine.offset)
        }
        guard let command = QueryCommand(rawValue: String(words[1].dropFirst())) else {
            let known = QueryCommand.allCases.map { ":" + $0.rawValue }.joined(separator: ", ")
            throw AnnotationError(message: "invalid query command \"\(words[1])\": expected one of \(known)", offset: nameLine.offset)
        }
        // Comments directly touching the name line, above and below (a blank line ends a block).
        var above: [String] = []
        var index = nameIndex
        while index > 0, !blankBefore.contains(index), !comments[index - 1].isName {
            index -= 1
            above.insert(comments[index].text, at: 0)
        }
        var below: [String] = []
        index = nameIndex + 1
        while index < comments.count, !blankBefore.contains(index), !comments[index].isName {
            below.append(comments[index].text)
            index += 1
        }
        let documentation = (above + below).filter { !$0.hasPrefix("+goose") && !$0.hasPrefix(" +goose") }
        return QueryAnnotation(name: name, command: command, documentation: documentation, location: nameLine.offset)
    }
}

struct AnnotationError: Error {
    var message: String
    var offset: Int
}

extension QueryCommand {
    /// Commands whose generated function returns rows.
    public var returnsRows: Bool { [.one, .many, .batchone, .batchmany].contains(self) }
}
