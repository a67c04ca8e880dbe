import Foundation

/// How the common kinds of setting text become values, with the messages operators see.
public enum SettingParsers {
    public static func text(_ text: String) -> String? { text }

    public static func integer(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 0 else { throw SettingRefusal("must be a non-negative integer, got \"\(text)\"") }
        return value
    }

    public static func byteCount(_ text: String) throws -> Int64 {
        guard let value = Int64(text), value >= 0 else { throw SettingRefusal("must be a non-negative integer, got \"\(text)\"") }
        return value
    }

    public static func positiveInteger(_ text: String) throws -> Int {
        let value = try integer(text)
        guard value > 0 else { throw SettingRefusal("must be positive") }
        return value
    }

    public static func seconds(_ text: String) throws -> Double {
        guard let value = Double(text), value >= 0, value.isFinite else {
            throw SettingRefusal("must be a non-negative number of seconds, got \"\(text)\"")
        }
        return value
    }

    public static func boolean(_ text: String) throws -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingRefusal("must be true or false, got \"\(text)\"")
        }
    }

    public static func httpURL(_ text: String) throws -> URL? {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw SettingRefusal("must be an http(s) URL, got \"\(text)\"")
        }
        return url
    }

    /// Comma-separated items, blanks dropped; `nil` when none is left.
    public static func list(_ text: String) -> [String]? {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : items
    }

    public static func choice<Choice: RawRepresentable & CaseIterable>(_ text: String) throws -> Choice where Choice.RawValue == String {
        guard let value = Choice(rawValue: text.lowercased()) else {
            let choices = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw SettingRefusal("must be one of \(choices), got \"\(text)\"")
        }
        return value
    }
}
