import PostgresNIO

/// A PostgreSQL `line`: the points where `a·x + b·y + c = 0` (a and b not both zero), written `{a,b,c}`.
public struct SQLLine: GeometricValue {
    public var a: Double
    public var b: Double
    public var c: Double

    public init(a: Double, b: Double, c: Double) {
        self.a = a
        self.b = b
        self.c = c
    }

    public static var psqlType: PostgresDataType { .line }
    public static var psqlArrayType: PostgresDataType { .lineArray }

    public var description: String { "{\(a.copyText),\(b.copyText),\(c.copyText)}" }

    public func write(to buffer: inout ByteBuffer) {
        for value in [a, b, c] { buffer.writeFloat8(value) }
    }

    public init?(reading buffer: inout ByteBuffer) {
        guard let a = buffer.readFloat8(), let b = buffer.readFloat8(), let c = buffer.readFloat8() else { return nil }
        self.init(a: a, b: b, c: c)
    }
}
