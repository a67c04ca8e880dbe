import Foundation

/// A Swift value written into PostgreSQL's COPY text format
/// (<https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2>): its `copyText` is what
/// the column type's input function reads; `CopyRow` adds COPY's own escaping.
public protocol CopyTextField {
    /// The value as PostgreSQL reads it from text (`t`, `42`, `2024-06-01 12:00:00.5+00`).
    var copyText: String { get }
    /// What separates the elements of an array of these (`,` but for `box`).
    static var copyArrayDelimiter: Character { get }
}

extension CopyTextField {
    public static var copyArrayDelimiter: Character { "," }
}

extension String: CopyTextField {
    public var copyText: String { self }
}

extension Int16: CopyTextField {
    public var copyText: String { String(self) }
}

extension Int32: CopyTextField {
    public var copyText: String { String(self) }
}

extension Int64: CopyTextField {
    public var copyText: String { String(self) }
}

extension UInt32: CopyTextField {
    public var copyText: String { String(self) }
}

extension Bool: CopyTextField {
    public var copyText: String { self ? "t" : "f" }
}

extension Double: CopyTextField {
    /// The shortest text that reads back as the same value; PostgreSQL's spellings of the specials.
    public var copyText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
}

extension Float: CopyTextField {
    public var copyText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
}

extension Decimal: CopyTextField {
    public var copyText: String { description }
}

extension UUID: CopyTextField {
    public var copyText: String { uuidString }
}

extension Data: CopyTextField {
    /// bytea's hex format, `\x0aff`.
    public var copyText: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        bytes.reserveCapacity(2 + count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Date: CopyTextField {
    /// A `timestamptz` in UTC with microseconds (`2024-06-01 12:00:00.123456+00`), truncated to the
    /// microsecond as PostgresNIO's binary encoding does.
    public var copyText: String { CopyDateColumn.timestamptz.text(self) }
}

extension JSONValue: CopyTextField {
    /// The document as JSON text (keys sorted). Non-finite numbers have no JSON spelling: they are
    /// written as Swift prints them, which the server rejects.
    public var copyText: String {
        var text = ""
        write(into: &text)
        return text
    }

    private func write(into text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
                text += String(Int64(value))
            } else {
                text += value.description
            }
        case .string(let value): Self.writeString(value, into: &text)
        case .array(let values):
            text += "["
            for (index, value) in values.enumerated() {
                if index > 0 { text += "," }
                value.write(into: &text)
            }
            text += "]"
        case .object(let fields):
            text += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { text += "," }
                Self.writeString(key, into: &text)
                text += ":"
                fields[key]!.write(into: &text)
            }
            text += "}"
        }
    }

    private static func writeString(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20: text += "\\u" + String(format: "%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

extension Array: CopyTextField where Element: CopyTextField {
    /// An array literal, every element quoted: `{"a","b \"c\""}`.
    public var copyText: String { CopyArrayLiteral.text(map(\.copyText), delimiter: Element.copyArrayDelimiter) }
}

/// How a `Date` is written for the three column types Swift's `Date` maps to.
public enum CopyDateColumn: Sendable {
    /// `2024-06-01 12:00:00.5+00`
    case timestamptz
    /// `2024-06-01 12:00:00.5`: the UTC wall time, as PostgresNIO reads `timestamp` back.
    case timestamp
    /// `2024-06-01`: the UTC day, as PostgresNIO reads `date` back (midnight UTC).
    case date

    public func text(_ date: Date) -> String {
        // Microseconds since 1970, truncated toward zero like PostgresNIO's binary encoding.
        let microseconds = Int64(date.timeIntervalSince(Date(timeIntervalSince1970: 946_684_800)) * 1_000_000) + 946_684_800_000_000
        let perDay: Int64 = 86_400_000_000
        let days = microseconds >= 0 ? microseconds / perDay : (microseconds - perDay + 1) / perDay
        let ofDay = microseconds - days * perDay
        let (year, month, day) = Self.civil(days: days)
        var text = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        if self == .date { return text }
        let seconds = ofDay / 1_000_000
        text += " " + Self.pad(seconds / 3600, 2) + ":" + Self.pad(seconds / 60 % 60, 2) + ":" + Self.pad(seconds % 60, 2)
        let fraction = ofDay % 1_000_000
        if fraction > 0 { text += "." + Self.pad(fraction, 6) }
        return self == .timestamptz ? text + "+00" : text
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// PostgreSQL array literals (`{"a",NULL}`): each element double-quoted, `"` and `\` backslash-escaped.
enum CopyArrayLiteral {
    static func text(_ elements: [String?], delimiter: Character = ",") -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text.append(delimiter) }
            guard let element else {
                text += "NULL"
                continue
            }
            text += "\""
            for scalar in element.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { text += "\\" }
                text.unicodeScalars.append(scalar)
            }
            text += "\""
        }
        return text + "}"
    }
}
