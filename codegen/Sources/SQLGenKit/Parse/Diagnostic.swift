/// An error in the user's SQL or configuration, printed as `path:line:col: error: message`
/// (the format compilers use, so SwiftPM and editors link it to the file).
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    /// A warning is printed but does not fail generation.
    public var isWarning = false

    public init(path: String, line: Int = 1, column: Int = 1, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(path):\(line):\(column): \(isWarning ? "warning" : "error"): \(message)" }
}

/// Where something was written: `path:line:column`.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String { "\(path):\(line):\(column)" }

    public func diagnostic(_ message: String) -> Diagnostic {
        Diagnostic(path: path, line: line, column: column, message: message)
    }
}

/// Several diagnostics at once: the generator reports every broken query, not just the first.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var items: [Diagnostic]

    public init(_ items: [Diagnostic]) { self.items = items }

    public var description: String { items.map(\.description).joined(separator: "\n") }
}
