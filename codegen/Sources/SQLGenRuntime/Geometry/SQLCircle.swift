import PostgresNIO

/// A PostgreSQL `circle`, written `<(x,y),r>`.
public struct SQLCircle: GeometricValue {
    public var center: SQLPoint
    public var radius: Double

    public init(center: SQLPoint, radius: Double) {
        self.center = center
        self.radius = radius
    }

    public static var psqlType: PostgresDataType { .circle }
    public static var psqlArrayType: PostgresDataType { .circleArray }

    public var description: String { "<\(center),\(radius.copyText)>" }

    public func write(to buffer: inout ByteBuffer) {
        center.write(to: &buffer)
        buffer.writeFloat8(radius)
    }

    public init?(reading buffer: inout ByteBuffer) {
        guard let center = SQLPoint(reading: &buffer), let radius = buffer.readFloat8() else { return nil }
        self.init(center: center, radius: radius)
    }
}
