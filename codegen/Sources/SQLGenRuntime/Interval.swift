import PostgresNIO

/// A PostgreSQL `interval`: months, days and microseconds, kept apart as the server keeps them
/// (a month is not a fixed number of days, nor a day of seconds across DST changes).
public struct Interval: Sendable, Hashable, Codable, CustomStringConvertible {
    public var months: Int32
    public var days: Int32
    public var microseconds: Int64

    public init(months: Int32 = 0, days: Int32 = 0, microseconds: Int64 = 0) {
        self.months = months
        self.days = days
        self.microseconds = microseconds
    }

    /// `1 mons 2 days 3 microseconds`: what PostgreSQL's interval input reads.
    public var description: String { "\(months) mons \(days) days \(microseconds) microseconds" }
}

extension Interval: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {
    public static var psqlType: PostgresDataType { .interval }
    public static var psqlArrayType: PostgresDataType { .intervalArray }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(microseconds)
        buffer.writeInteger(days)
        buffer.writeInteger(months)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .interval, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        guard let (microseconds, days, months) = buffer.readMultipleIntegers(as: (Int64, Int32, Int32).self) else {
            throw PostgresDecodingError.Code.failure
        }
        self.init(months: months, days: days, microseconds: microseconds)
    }
}

extension Interval: CopyTextField {
    public var copyText: String { description }
}
