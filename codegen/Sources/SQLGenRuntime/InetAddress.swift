import PostgresNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A PostgreSQL `inet` or `cidr`: an IPv4 or IPv6 address and its prefix length (`192.168.0.1/24`).
public struct InetAddress: Sendable, Hashable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// 4 bytes (IPv4) or 16 (IPv6), network byte order.
    public var bytes: [UInt8]
    /// Netmask bits: 0...32 for IPv4, 0...128 for IPv6.
    public var prefixLength: UInt8

    public init?(bytes: [UInt8], prefixLength: UInt8? = nil) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        let bits = prefixLength ?? UInt8(bytes.count * 8)
        guard Int(bits) <= bytes.count * 8 else { return nil }
        self.bytes = bytes
        self.prefixLength = bits
    }

    /// `10.0.0.1`, `10.0.0.0/8`, `::1`, `2001:db8::/32`.
    public init?(_ description: String) {
        let parts = description.split(separator: "/", maxSplits: 1).map(String.init)
        guard let address = parts.first else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        let count: Int
        if inet_pton(AF_INET, address, &bytes) == 1 {
            count = 4
        } else if inet_pton(AF_INET6, address, &bytes) == 1 {
            count = 16
        } else {
            return nil
        }
        let bits = parts.count == 2 ? UInt8(parts[1]) : UInt8(count * 8)
        guard let bits else { return nil }
        self.init(bytes: Array(bytes.prefix(count)), prefixLength: bits)
    }

    /// The address as PostgreSQL prints it, with `/bits` unless it is a single host.
    public var description: String {
        var text = [CChar](repeating: 0, count: 64)
        _ = inet_ntop(bytes.count == 4 ? AF_INET : AF_INET6, bytes, &text, socklen_t(text.count))
        let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Int(prefixLength) == bytes.count * 8 ? address : "\(address)/\(prefixLength)"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = InetAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension InetAddress: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {
    public static var psqlType: PostgresDataType { .inet }
    public static var psqlArrayType: PostgresDataType { .inetArray }
    public static var psqlFormat: PostgresFormat { .binary }

    /// PostgreSQL's `inet_send`: family (2 = IPv4, 3 = IPv6), bits, is_cidr (ignored on input), length, bytes.
    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeMultipleIntegers(UInt8(bytes.count == 4 ? 2 : 3), prefixLength, UInt8(0), UInt8(bytes.count))
        buffer.writeBytes(bytes)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .inet || type == .cidr, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        guard let (_, bits, _, length) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt8, UInt8).self),
            let bytes = buffer.readBytes(length: Int(length)), let value = InetAddress(bytes: bytes, prefixLength: bits)
        else {
            throw PostgresDecodingError.Code.failure
        }
        self = value
    }
}

extension InetAddress: CopyTextField {
    public var copyText: String { description }
}
