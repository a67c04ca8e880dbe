import PostgresNIO

/// A PostgreSQL `path`: points joined in order, written `[(x1,y1),...]` when open and
/// `((x1,y1),...)` when closed (the last point joined to the first).
public struct SQLPath: GeometricValue {
    public var points: [SQLPoint]
    public var isClosed: Bool

    public init(points: [SQLPoint], isClosed: Bool) {
        self.points = points
        self.isClosed = isClosed
    }

    public static var psqlType: PostgresDataType { .path }
    public static var psqlArrayType: PostgresDataType { .pathArray }

    public var description: String {
        let list = points.map(\.description).joined(separator: ",")
        return isClosed ? "(\(list))" : "[\(list)]"
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(isClosed ? 1 : 0))
        buffer.writePoints(points)
    }

    public init?(reading buffer: inout ByteBuffer) {
        guard let closed = buffer.readInteger(as: UInt8.self), let points = buffer.readPoints() else { return nil }
        self.init(points: points, isClosed: closed != 0)
    }
}
