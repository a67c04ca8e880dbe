import PostgresNIO

/// A PostgreSQL `point`, written `(x,y)`.
public struct SQLPoint: GeometricValue {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public static var psqlType: PostgresDataType { .point }
    public static var psqlArrayType: PostgresDataType { .pointArray }

    public var description: String { "(\(x.copyText),\(y.copyText))" }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeFloat8(x)
        buffer.writeFloat8(y)
    }

    public init?(reading buffer: inout ByteBuffer) {
        guard let x = buffer.readFloat8(), let y = buffer.readFloat8() else { return nil }
        self.init(x: x, y: y)
    }
}
