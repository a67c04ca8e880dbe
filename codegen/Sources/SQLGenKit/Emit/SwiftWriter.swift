/// Builds indented Swift source text.
struct SwiftWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String = "") {
        text += content.isEmpty ? "\n" : String(repeating: "    ", count: depth) + content + "\n"
    }

    /// Writes `header {`, the body one level deeper, then `}`.
    mutating func block(_ header: String, opening: String = " {", closing: String = "}", _ body: (inout SwiftWriter) -> Void) {
        line(header + opening)
        depth += 1
        body(&self)
        depth -= 1
        line(closing)
    }

    mutating func indented(_ body: (inout SwiftWriter) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    /// `/// line` for each documentation line.
    mutating func documentation(_ lines: [String]) {
        for content in lines { line(content.isEmpty ? "///" : "/// " + content) }
    }

    /// A multi-line raw string literal holding `content` verbatim, opened on the current line's end
    /// by the caller (`let sql = ` + this) and closed at the current indentation.
    mutating func rawStringLiteral(_ content: String, prefix: String, suffix: String = "") {
        var hashes = "#"
        while content.contains("\"\"\"" + hashes) || content.contains("\\" + hashes) { hashes += "#" }
        line(prefix + hashes + "\"\"\"")
        for (contentLine, _) in content.byteLines {
            line(contentLine.hasSuffix("\r") ? String(contentLine.utf8.dropLast())! : contentLine)
        }
        line("\"\"\"" + hashes + suffix)
    }
}

/// A Swift string literal (double-quoted, escaped) for short single-line values.
func swiftStringLiteral(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
