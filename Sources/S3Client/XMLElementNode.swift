/// A parsed XML element: S3 answers are small documents of nested elements with text, which is all this
/// reader supports (attributes are skipped, namespace prefixes dropped, entities and CDATA decoded).
public struct XMLElementNode: Sendable, Hashable {
    public var name: String
    public var children: [XMLElementNode]
    /// The element's own text (not its children's), entities decoded.
    public var text: String

    public init(name: String, children: [XMLElementNode] = [], text: String = "") {
        self.name = name
        self.children = children
        self.text = text
    }

    public func child(_ name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }

    public func children(_ name: String) -> [XMLElementNode] {
        children.filter { $0.name == name }
    }

    /// The text of the first child called `name`.
    public func childText(_ name: String) -> String? {
        child(name)?.text
    }

    /// Parses a document and returns its root element.
    public static func parse<Bytes: Collection>(_ bytes: Bytes) throws -> XMLElementNode where Bytes.Element == UInt8 {
        var reader = XMLReader(bytes: Array(bytes))
        return try reader.document()
    }
}

public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "invalid XML at byte \(offset): \(message)" }
}

/// Whether XML 1.0 can carry `text` at all (it has no form, not even `&#1;`, for most control characters).
func isXMLRepresentable(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}

/// Escapes text for an XML element's content.
func xmlEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        case "\r": result += "&#13;"  // a raw CR would be read back as LF
        default: result.append(character)
        }
    }
    return result
}

private struct XMLReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() throws -> XMLElementNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        try skipMisc()
        guard peek(is: "<") else { throw error("expected the root element") }
        let root = try element()
        try skipMisc()
        guard position == bytes.count else { throw error("content after the root element") }
        return root
    }

    /// Skips whitespace, comments, processing instructions and a DOCTYPE.
    private mutating func skipMisc() throws {
        while true {
            skipWhitespace()
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<!") {
                try skip(past: ">")
            } else {
                return
            }
        }
    }

    private mutating func element() throws -> XMLElementNode {
        position += 1  // "<"
        let name = localName(try nameToken())
        // attributes: skipped, but quoted values may contain ">"
        var selfClosing = false
        while true {
            guard position < bytes.count else { throw error("unterminated start tag <\(name)>") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                position += 1
                guard let end = bytes[position...].firstIndex(of: byte) else { throw error("unterminated attribute") }
                position = end + 1
            } else if byte == UInt8(ascii: "/") && peek(at: position + 1, is: ">") {
                position += 2
                selfClosing = true
                break
            } else if byte == UInt8(ascii: ">") {
                position += 1
                break
            } else {
                position += 1
            }
        }
        var node = XMLElementNode(name: name)
        if selfClosing { return node }
        var text: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("element <\(name)> is not closed") }
            if starts(with: "</") {
                position += 2
                let closing = localName(try nameToken())
                guard closing == name else { throw error("</\(closing)> closes <\(name)>") }
                skipWhitespace()
                guard peek(is: ">") else { throw error("malformed end tag </\(closing)>") }
                position += 1
                node.text = String(decoding: text, as: UTF8.self)
                return node
            } else if starts(with: "<![CDATA[") {
                position += 9
                guard let end = find("]]>") else { throw error("unterminated CDATA") }
                text += bytes[position..<end]
                position = end + 3
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<?") {
                try skip(past: "?>")
            } else if peek(is: "<") {
                node.children.append(try element())
            } else if peek(is: "&") {
                text += try entity()
            } else {
                text.append(bytes[position])
                position += 1
            }
        }
    }

    private mutating func entity() throws -> [UInt8] {
        guard let end = bytes[position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
            throw error("unterminated entity")
        }
        let name = String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
        position = end + 1
        switch name {
        case "amp": return Array("&".utf8)
        case "lt": return Array("<".utf8)
        case "gt": return Array(">".utf8)
        case "quot": return Array("\"".utf8)
        case "apos": return Array("'".utf8)
        default:
            let scalarValue: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                scalarValue = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                scalarValue = UInt32(name.dropFirst())
            } else {
                scalarValue = nil
            }
            guard let scalarValue, let scalar = Unicode.Scalar(scalarValue) else { throw error("unknown entity &\(name);") }
            return Array(String(Character(scalar)).utf8)
        }
    }

    private mutating func nameToken() throws -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ")
                || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            {
                break
            }
            position += 1
        }
        guard position > start else { throw error("expected a name") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private func localName(_ name: String) -> String {
        if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
        return name
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    private mutating func skip(past terminator: String) throws {
        guard let end = find(terminator) else { throw error("missing \(terminator)") }
        position = end + terminator.utf8.count
    }

    private func find(_ needle: String) -> Int? {
        let pattern = Array(needle.utf8)
        var index = position
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0] && Array(bytes[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }

    private func starts(with prefix: String) -> Bool {
        let pattern = Array(prefix.utf8)
        return position + pattern.count <= bytes.count && Array(bytes[position..<(position + pattern.count)]) == pattern
    }

    private func peek(is character: Unicode.Scalar) -> Bool { peek(at: position, is: character) }

    private func peek(at index: Int, is character: Unicode.Scalar) -> Bool {
        index < bytes.count && bytes[index] == UInt8(ascii: character)
    }

    private func error(_ message: String) -> XMLParseError {
        XMLParseError(message: message, offset: position)
    }
}
