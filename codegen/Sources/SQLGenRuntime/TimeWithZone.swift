import PostgresNIO

/// A PostgreSQL `timetz`: a time of day and the UTC offset it was written with (`13:45:07+02`).
public struct TimeWithZone: Sendable, Hashable, Codable, CustomStringConvertible {
    public var time: TimeOfDay
    /// Seconds east of UTC (`+02` is 7200). PostgreSQL itself stores seconds west, and negated.
    public var utcOffsetSeconds: Int32

    public init(time: TimeOfDay, utcOffsetSeconds: Int32) {
        self.time = time
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// `13:45:07.250000+02:00`, as PostgreSQL reads it.
    public var description: String {
        let offset = abs(Int(utcOffsetSeconds))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var zone = (utcOffsetSeconds < 0 ? "-" : "+") + two(offset / 3600) + ":" + two(offset / 60 % 60)
        if offset % 60 != 0 { zone += ":" + two(offset % 60) }
        return time.description + zone
    }
}

extension TimeWithZone: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {
    public static var psqlType: PostgresDataType { .timetz }
    public static var psqlArrayType: PostgresDataType { .timetzArray }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(time.microseconds)
        buffer.writeInteger(-utcOffsetSeconds)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .timetz, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        guard buffer.readableBytes == 12, let microseconds = buffer.readInteger(as: Int64.self),
            let west = buffer.readInteger(as: Int32.self)
        else {
            throw PostgresDecodingError.Code.failure
        }
        self.init(time: TimeOfDay(microseconds: microseconds), utcOffsetSeconds: -west)
    }
}

extension TimeWithZone: CopyTextField {
    public var copyText: String { description }
}
