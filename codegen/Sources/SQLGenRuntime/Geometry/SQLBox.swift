import PostgresNIO

/// A PostgreSQL `box`, written `(x1,y1),(x2,y2)` with the upper right corner first. Like the server,
/// it keeps its corners in that order whichever two opposite corners it is made from.
public struct SQLBox: GeometricValue {
    public let upperRight: SQLPoint
    public let lowerLeft: SQLPoint

    /// The box between two opposite corners.
    public init(_ corner: SQLPoint, _ opposite: SQLPoint) {
        upperRight = SQLPoint(x: max(corner.x, opposite.x), y: max(corner.y, opposite.y))
        lowerLeft = SQLPoint(x: min(corner.x, opposite.x), y: min(corner.y, opposite.y))
    }

    public static var psqlType: PostgresDataType { .box }
    public static var psqlArrayType: PostgresDataType { .boxArray }
    /// Boxes contain commas, so their arrays separate elements with semicolons.
    public static var copyArrayDelimiter: Character { ";" }

    public var description: String { "\(upperRight),\(lowerLeft)" }

    public func write(to buffer: inout ByteBuffer) {
        upperRight.write(to: &buffer)
        lowerLeft.write(to: &buffer)
    }

    public init?(reading buffer: inout ByteBuffer) {
        guard let high = SQLPoint(reading: &buffer), let low = SQLPoint(reading: &buffer) else { return nil }
        self.init(high, low)
    }
}
