import PostgresNIO

/// A PostgreSQL `lseg`, written `[(x1,y1),(x2,y2)]`.
public struct SQLLineSegment: GeometricValue {
    public var start: SQLPoint
    public var end: SQLPoint

    public init(start: SQLPoint, end: SQLPoint) {
        self.start = start
        self.end = end
    }

    public static var psqlType: PostgresDataType { .lseg }
    public static var psqlArrayType: PostgresDataType { .lsegArray }

    public var description: String { "[\(start),\(end)]" }

    public func write(to buffer: inout ByteBuffer) {
        start.write(to: &buffer)
        end.write(to: &buffer)
    }

    public init?(reading buffer: inout ByteBuffer) {
        guard let start = SQLPoint(reading: &buffer), let end = SQLPoint(reading: &buffer) else { return nil }
        self.init(start: start, end: end)
    }
}
