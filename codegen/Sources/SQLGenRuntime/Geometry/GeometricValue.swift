import PostgresNIO

/// What the geometric types share: a binary form of float8 coordinates (PostgreSQL's `*_send`
/// layout), a text form for COPY, and arrays of them.
public protocol GeometricValue: Sendable, Hashable, Codable, CustomStringConvertible, CopyTextField,
    PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable
{
    /// Appends the binary form.
    func write(to buffer: inout ByteBuffer)
    /// Reads the binary form; nil when it is cut short or malformed.
    init?(reading buffer: inout ByteBuffer)
}

extension GeometricValue {
    public static var psqlFormat: PostgresFormat { .binary }
    public var copyText: String { description }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        write(to: &buffer)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == Self.psqlType, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        guard let value = Self(reading: &buffer), buffer.readableBytes == 0 else { throw PostgresDecodingError.Code.failure }
        self = value
    }
}

extension ByteBuffer {
    mutating func writeFloat8(_ value: Double) {
        writeInteger(value.bitPattern)
    }

    mutating func readFloat8() -> Double? {
        readInteger(as: UInt64.self).map(Double.init(bitPattern:))
    }

    mutating func writePoints(_ points: [SQLPoint]) {
        writeInteger(Int32(points.count))
        for point in points { point.write(to: &self) }
    }

    /// A count, then that many points.
    mutating func readPoints() -> [SQLPoint]? {
        guard let count = readInteger(as: Int32.self), count >= 0, readableBytes >= Int(count) * 16 else { return nil }
        return (0..<Int(count)).map { _ in SQLPoint(reading: &self)! }
    }
}
