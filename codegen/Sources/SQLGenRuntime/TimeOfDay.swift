import PostgresNIO

/// A PostgreSQL `time` (without time zone): microseconds since midnight, 0 ... 86 400 000 000.
public struct TimeOfDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public init(hour: Int, minute: Int, second: Int = 0, microsecond: Int = 0) {
        self.microseconds = ((Int64(hour) * 60 + Int64(minute)) * 60 + Int64(second)) * 1_000_000 + Int64(microsecond)
    }

    /// `13:45:07.250000` (fraction only when there is one).
    public var description: String {
        let seconds = microseconds / 1_000_000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if microseconds % 1_000_000 != 0 {
            let fraction = String(microseconds % 1_000_000)
            text += "." + String(repeating: "0", count: 6 - fraction.count) + fraction
        }
        return text
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.microseconds < rhs.microseconds }
}

extension TimeOfDay: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {
    public static var psqlType: PostgresDataType { .time }
    public static var psqlArrayType: PostgresDataType { .timeArray }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(microseconds)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .time, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        guard buffer.readableBytes == 8, let microseconds = buffer.readInteger(as: Int64.self) else {
            throw PostgresDecodingError.Code.failure
        }
        self.init(microseconds: microseconds)
    }
}

extension TimeOfDay: CopyTextField {
    public var copyText: String { description }
}
