/// A file of SQL text with the conversions from offsets to lines and columns that diagnostics need.
public struct SourceFile: Sendable, Hashable {
    /// The path as given on the command line or in the config (used verbatim in diagnostics).
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The 1-based line and column of a UTF-8 byte offset (libpg_query's `location` fields).
    public func position(ofByte offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        for scalar in text.unicodeScalars {
            if index >= offset { break }
            index += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// The 1-based line and column of a 1-based character position (libpg_query's error `cursorpos`).
    public func position(ofCursor cursor: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index + 1 >= cursor { break }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// The character (unicode scalar) count of the first `byteOffset` bytes.
    public func cursor(ofByte byteOffset: Int) -> Int {
        String(decoding: Array(text.utf8.prefix(byteOffset)), as: UTF8.self).unicodeScalars.count
    }

    public func diagnostic(atByte offset: Int, _ message: String) -> Diagnostic {
        let (line, column) = position(ofByte: offset)
        return Diagnostic(path: path, line: line, column: column, message: message)
    }
}
