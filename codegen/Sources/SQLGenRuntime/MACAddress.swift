import PostgresNIO

/// A PostgreSQL `macaddr`, written `08:00:2b:01:02:03`.
public struct MACAddress: HardwareAddress {
    public static let byteCount = 6
    public static var psqlType: PostgresDataType { .macaddr }
    public static var psqlArrayType: PostgresDataType { .macaddrArray }
    public let bytes: [UInt8]
    public init(validatedBytes bytes: [UInt8]) { self.bytes = bytes }
}

/// A PostgreSQL `macaddr8`: an EUI-64 address, `08:00:2b:01:02:03:04:05`.
public struct MACAddress8: HardwareAddress {
    public static let byteCount = 8
    public static var psqlType: PostgresDataType { .macaddr8 }
    public static var psqlArrayType: PostgresDataType { .macaddr8Array }
    public let bytes: [UInt8]
    public init(validatedBytes bytes: [UInt8]) { self.bytes = bytes }
}

/// What `MACAddress` and `MACAddress8` share: fixed-length bytes, coded as they are in the binary
/// format and as hex pairs in text.
public protocol HardwareAddress: Sendable, Hashable, Codable, CustomStringConvertible, CopyTextField,
    PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable
{
    static var byteCount: Int { get }
    var bytes: [UInt8] { get }
    /// Called with exactly `byteCount` bytes.
    init(validatedBytes: [UInt8])
}

extension HardwareAddress {
    /// `nil` unless `bytes` has `byteCount` bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(validatedBytes: bytes)
    }

    /// Reads hex pairs separated by `:` or `-` (`08:00:2b:01:02:03`); `nil` for anything else.
    public init?(_ text: String) {
        let groups = text.split(separator: text.contains("-") ? "-" : ":", omittingEmptySubsequences: false)
        guard groups.count == Self.byteCount else { return nil }
        var bytes: [UInt8] = []
        for group in groups {
            guard group.count == 2, let byte = UInt8(group, radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.init(validatedBytes: bytes)
    }

    public var description: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
    }

    public var copyText: String { description }

    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeBytes(bytes)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == Self.psqlType, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        guard buffer.readableBytes == Self.byteCount, let bytes = buffer.readBytes(length: Self.byteCount) else {
            throw PostgresDecodingError.Code.failure
        }
        self.init(validatedBytes: bytes)
    }
}
