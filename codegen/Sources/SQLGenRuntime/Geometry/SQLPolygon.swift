import PostgresNIO

/// A PostgreSQL `polygon`, written `((x1,y1),...)`.
public struct SQLPolygon: GeometricValue {
    public var points: [SQLPoint]

    public init(points: [SQLPoint]) {
        self.points = points
    }

    public static var psqlType: PostgresDataType { .polygon }
    public static var psqlArrayType: PostgresDataType { .polygonArray }

    public var description: String { "(" + points.map(\.description).joined(separator: ",") + ")" }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writePoints(points)
    }

    public init?(reading buffer: inout ByteBuffer) {
        guard let points = buffer.readPoints() else { return nil }
        self.init(points: points)
    }
}
