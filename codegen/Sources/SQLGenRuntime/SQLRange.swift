import Foundation
import PostgresNIO

/// A PostgreSQL range (`int4range`, `int8range`, `numrange`, `tsrange`, `tstzrange`, `daterange`):
/// empty, or bounds that may each be missing (unbounded) and inclusive or exclusive. The server
/// stores discrete ranges (integers, dates) as `[lower, upper)`: `[1,5]` reads back as `[1,6)`.
public struct SQLRange<Bound: PostgresDecodable & CopyTextField & Hashable & Sendable & Codable>: Sendable, Hashable, Codable {
    public var lower: Bound?
    public var upper: Bound?
    public var lowerInclusive: Bool
    public var upperInclusive: Bool
    public var isEmpty: Bool

    /// `[lower, upper)` by default; nil for a bound means unbounded.
    public init(lower: Bound?, upper: Bound?, lowerInclusive: Bool = true, upperInclusive: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.lowerInclusive = lower != nil && lowerInclusive
        self.upperInclusive = upper != nil && upperInclusive
        self.isEmpty = false
    }

    public static var empty: SQLRange {
        var range = SQLRange(lower: nil, upper: nil)
        range.isEmpty = true
        return range
    }
}

extension SQLRange: UntypedTextLiteral, PostgresDecodable {
    /// `[1,5)`, `(,"2024-06-01 00:00:00+00"]`, `empty`.
    public var copyText: String {
        if isEmpty { return "empty" }
        func quoted(_ bound: Bound?) -> String {
            guard let bound else { return "" }
            var text = "\""
            for scalar in bound.copyText.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { text += "\\" }
                text.unicodeScalars.append(scalar)
            }
            return text + "\""
        }
        return (lowerInclusive ? "[" : "(") + quoted(lower) + "," + quoted(upper) + (upperInclusive ? "]" : ")")
    }

    /// range_send: flags (empty 1, lower inclusive 2, upper inclusive 4, no lower 8, no upper 16),
    /// then each present bound as a length and the subtype's binary value.
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        let subtypes: [PostgresDataType: PostgresDataType] = [
            .int4Range: .int4, .int8Range: .int8, .numrange: .numeric, .tsrange: .timestamp, .tstzrange: .timestamptz, .daterange: .date,
        ]
        guard format == .binary, let subtype = subtypes[type], let flags = buffer.readInteger(as: UInt8.self) else {
            throw PostgresDecodingError.Code.typeMismatch
        }
        func bound() throws -> Bound {
            guard let length = buffer.readInteger(as: Int32.self), length >= 0, var bytes = buffer.readSlice(length: Int(length)) else {
                throw PostgresDecodingError.Code.failure
            }
            return try Bound(from: &bytes, type: subtype, format: .binary, context: context)
        }
        if flags & 0x01 != 0 {
            self = .empty
            return
        }
        let lower = flags & 0x08 == 0 ? try bound() : nil
        let upper = flags & 0x10 == 0 ? try bound() : nil
        self.init(lower: lower, upper: upper, lowerInclusive: flags & 0x02 != 0, upperInclusive: flags & 0x04 != 0)
    }
}
