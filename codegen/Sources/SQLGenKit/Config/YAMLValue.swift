/// A YAML document as `sqlgen.yaml` is written: block mappings and sequences, flow `[a, b]` and
/// `{key: value}`, plain, 'single' and "double" quoted scalars, `#` comments. Anchors, tags and block
/// scalars (`|`, `>`) are not part of it. sqlgen and its build plugin both read the config with this
/// file (the plugin compiles it through a symlink, as a plugin cannot depend on a library), so they
/// cannot disagree about what it says.
public indirect enum YAMLValue: Sendable, Hashable {
    case null
    /// Text as written; `quoted` text is never a number, a boolean or null.
    case scalar(String, quoted: Bool)
    case sequence([YAMLValue])
    /// Entries in the order written; keys are unique.
    case mapping([YAMLEntry])

    /// The value of `key` in a mapping.
    public subscript(key: String) -> YAMLValue? {
        guard case .mapping(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }
}

public struct YAMLEntry: Sendable, Hashable {
    public var key: String
    public var value: YAMLValue
}

/// Text that is not YAML of the kind the config uses, with its 1-based line.
public struct YAMLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

extension YAMLValue {
    /// Parses a whole document; an empty one is `.null`.
    public static func parse(_ text: String) throws(YAMLSyntaxError) -> YAMLValue {
        var reader = YAMLBlockReader(lines: try YAMLLine.split(text))
        guard let first = reader.current else { return .null }
        let value = try reader.block(indent: first.indent)
        if let extra = reader.current {
            throw YAMLSyntaxError(line: extra.number, message: "unexpected indentation")
        }
        return value
    }
}

/// One meaningful line: its number, indentation and content without the comment.
struct YAMLLine {
    var number: Int
    var indent: Int
    var content: String

    static func split(_ text: String) throws(YAMLSyntaxError) -> [YAMLLine] {
        var lines: [YAMLLine] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let indent = line.prefix { $0 == " " }.count
            if line.dropFirst(indent).first == "\t" {
                throw YAMLSyntaxError(line: index + 1, message: "tabs cannot indent YAML; use spaces")
            }
            let content = withoutComment(String(line.dropFirst(indent)))
            if content.isEmpty || content == "---" || content == "..." { continue }
            lines.append(YAMLLine(number: index + 1, indent: indent, content: content))
        }
        return lines
    }

    /// The text before a `#` that starts a comment (at the start or after a space, outside quotes), trimmed.
    static func withoutComment(_ text: String) -> String {
        var quote: Character?
        var previous: Character = " "
        var end = text.endIndex
        for index in text.indices {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " {
                end = index
                break
            }
            previous = character
        }
        var result = String(text[..<end])
        while result.last == " " { result.removeLast() }
        return result
    }
}

/// Block structure: mappings and sequences nested by indentation.
struct YAMLBlockReader {
    var lines: [YAMLLine]
    var position = 0

    var current: YAMLLine? { position < lines.count ? lines[position] : nil }

    static func isSequenceItem(_ content: String) -> Bool { content == "-" || content.hasPrefix("- ") }

    mutating func block(indent: Int) throws(YAMLSyntaxError) -> YAMLValue {
        guard let line = current else { return .null }
        return Self.isSequenceItem(line.content) ? try sequence(indent: indent) : try mapping(indent: indent)
    }

    mutating func sequence(indent: Int) throws(YAMLSyntaxError) -> YAMLValue {
        var items: [YAMLValue] = []
        while let line = current, line.indent == indent, Self.isSequenceItem(line.content) {
            let rest = String(line.content.dropFirst(1).drop { $0 == " " })
            let restIndent = indent + (line.content.count - rest.count)
            if rest.isEmpty {
                position += 1
                items.append(try nested(deeperThan: indent))
            } else if YAMLFlowReader.keyAndRest(rest) != nil || Self.isSequenceItem(rest) {
                // `- key: value` starts a mapping (`- - x` a sequence) whose lines align with `key`.
                lines[position] = YAMLLine(number: line.number, indent: restIndent, content: rest)
                items.append(try block(indent: restIndent))
            } else {
                items.append(try inline(rest, line: line.number))
            }
        }
        return .sequence(items)
    }

    mutating func mapping(indent: Int) throws(YAMLSyntaxError) -> YAMLValue {
        var entries: [YAMLEntry] = []
        while let line = current, line.indent == indent, !Self.isSequenceItem(line.content) {
            guard let (key, rest) = YAMLFlowReader.keyAndRest(line.content) else {
                throw YAMLSyntaxError(line: line.number, message: "expected `key: value`, found \"\(line.content)\"")
            }
            if entries.contains(where: { $0.key == key }) {
                throw YAMLSyntaxError(line: line.number, message: "duplicate key \"\(key)\"")
            }
            let value: YAMLValue
            if rest.isEmpty {
                position += 1
                if let next = current, next.indent == indent, Self.isSequenceItem(next.content) {
                    value = try sequence(indent: indent)
                } else {
                    value = try nested(deeperThan: indent)
                }
            } else {
                value = try inline(rest, line: line.number)
            }
            entries.append(YAMLEntry(key: key, value: value))
        }
        if let line = current, line.indent > indent {
            throw YAMLSyntaxError(line: line.number, message: "unexpected indentation")
        }
        return .mapping(entries)
    }

    /// The block under a `key:` or `-` line: more indented lines, or null when there are none.
    mutating func nested(deeperThan indent: Int) throws(YAMLSyntaxError) -> YAMLValue {
        guard let next = current, next.indent > indent else { return .null }
        return try block(indent: next.indent)
    }

    /// A value written on its line (a flow collection may continue on the following lines).
    mutating func inline(_ text: String, line: Int) throws(YAMLSyntaxError) -> YAMLValue {
        position += 1
        var text = text
        if text.first == "|" || text.first == ">" {
            throw YAMLSyntaxError(line: line, message: "block scalars (| and >) are not supported here; write the value on one line")
        }
        if text.first == "[" || text.first == "{" {
            while !YAMLFlowReader.isBalanced(text), let next = current {
                text += " " + next.content
                position += 1
            }
        }
        var reader = YAMLFlowReader(text: Array(text), line: line)
        return try reader.document()
    }
}

/// Values written on one line: flow collections and scalars.
struct YAMLFlowReader {
    var text: [Character]
    var line: Int
    var index = 0

    /// `key: rest` split at the first `:` followed by a space or the end, outside quotes and brackets.
    static func keyAndRest(_ content: String) -> (String, String)? {
        guard content.first != "[", content.first != "{" else { return nil }
        var reader = YAMLFlowReader(text: Array(content), line: 0)
        guard let key = try? reader.key(), reader.index < reader.text.count, reader.text[reader.index] == ":" else { return nil }
        let after = reader.index + 1
        guard after == reader.text.count || reader.text[after] == " " else { return nil }
        return (key, String(reader.text[after...]).trimmingSpaces)
    }

    static func isBalanced(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            }
        }
        return depth <= 0
    }

    func fail(_ message: String) -> YAMLSyntaxError { YAMLSyntaxError(line: line, message: message) }

    mutating func skipSpaces() {
        while index < text.count, text[index] == " " { index += 1 }
    }

    /// The whole text as one value.
    mutating func document() throws(YAMLSyntaxError) -> YAMLValue {
        let value = try self.value(inFlow: false)
        skipSpaces()
        guard index == text.count else { throw fail("unexpected \"\(String(text[index...]))\" after the value") }
        return value
    }

    mutating func value(inFlow: Bool) throws(YAMLSyntaxError) -> YAMLValue {
        skipSpaces()
        guard index < text.count else { return .null }
        switch text[index] {
        case "[": return try flowSequence()
        case "{": return try flowMapping()
        case "\"", "'": return .scalar(try quoted(), quoted: true)
        default:
            // In a flow collection, brackets and commas end plain text (YAML's flow indicators).
            let plain = self.plain(stoppingAt: inFlow ? [",", "[", "]", "{", "}"] : [], atColon: false)
            return ["", "~", "null", "Null", "NULL"].contains(plain) ? .null : .scalar(plain, quoted: false)
        }
    }

    mutating func flowSequence() throws(YAMLSyntaxError) -> YAMLValue {
        index += 1
        var items: [YAMLValue] = []
        while true {
            skipSpaces()
            guard index < text.count else { throw fail("a `[` is never closed") }
            if text[index] == "]" {
                index += 1
                return .sequence(items)
            }
            items.append(try value(inFlow: true))
            skipSpaces()
            guard index < text.count else { throw fail("a `[` is never closed") }
            if text[index] == "," { index += 1 } else if text[index] != "]" { throw fail("expected `,` or `]` in a list") }
        }
    }

    mutating func flowMapping() throws(YAMLSyntaxError) -> YAMLValue {
        index += 1
        var entries: [YAMLEntry] = []
        while true {
            skipSpaces()
            guard index < text.count else { throw fail("a `{` is never closed") }
            if text[index] == "}" {
                index += 1
                return .mapping(entries)
            }
            let key = try self.key()
            guard index < text.count, text[index] == ":" else { throw fail("expected `:` after \"\(key)\"") }
            index += 1
            if entries.contains(where: { $0.key == key }) { throw fail("duplicate key \"\(key)\"") }
            entries.append(YAMLEntry(key: key, value: try value(inFlow: true)))
            skipSpaces()
            guard index < text.count else { throw fail("a `{` is never closed") }
            if text[index] == "," { index += 1 } else if text[index] != "}" { throw fail("expected `,` or `}` in a mapping") }
        }
    }

    /// A mapping key: quoted, or plain up to `: `.
    mutating func key() throws(YAMLSyntaxError) -> String {
        skipSpaces()
        guard index < text.count else { throw fail("expected a key") }
        if text[index] == "\"" || text[index] == "'" {
            let key = try quoted()
            skipSpaces()
            return key
        }
        let key = plain(stoppingAt: [",", "}", "]"], atColon: true)
        guard !key.isEmpty else { throw fail("expected a key") }
        return key
    }

    /// Plain text up to one of `stops` (in flow) or, for keys, a `:` followed by a space or the end; trimmed.
    mutating func plain(stoppingAt stops: Set<Character>, atColon: Bool) -> String {
        let start = index
        while index < text.count {
            let character = text[index]
            if stops.contains(character) { break }
            if atColon, character == ":", index + 1 == text.count || text[index + 1] == " " || stops.contains(text[index + 1]) { break }
            index += 1
        }
        return String(text[start..<index]).trimmingSpaces
    }

    /// 'single' (`''` is a quote) or "double" (backslash escapes) quoted text.
    mutating func quoted() throws(YAMLSyntaxError) -> String {
        let quote = text[index]
        index += 1
        var result = ""
        while index < text.count {
            let character = text[index]
            index += 1
            if character == quote {
                guard quote == "'", index < text.count, text[index] == "'" else { return result }
                index += 1
                result.append("'")
            } else if character == "\\", quote == "\"", index < text.count {
                let escaped = text[index]
                index += 1
                switch escaped {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "0": result.append("\0")
                default: result.append(escaped)
                }
            } else {
                result.append(character)
            }
        }
        throw fail("a quoted string is never closed")
    }
}

extension String {
    var trimmingSpaces: String {
        var result = Substring(self)
        while result.first == " " { result.removeFirst() }
        while result.last == " " { result.removeLast() }
        return String(result)
    }
}
