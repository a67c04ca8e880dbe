#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds a multipart delimiter (`\r\n--boundary`, 5 to 74 bytes) in body bytes with Boyer–Moore–Horspool:
/// it looks at the byte under the delimiter's last position and, when that byte can't end a match,
/// skips ahead by up to the delimiter's length. In file data that is about one look per 40 bytes,
/// where a `memchr` for CR stops at every CR (one byte in 256 of binary data) and compares there.
struct DelimiterSearch: Sendable {
    let pattern: [UInt8]
    /// For each byte value, how far the window may move when that byte is under its last position.
    private let shift: [Int]

    init(_ pattern: [UInt8]) {
        precondition(!pattern.isEmpty, "an empty pattern matches everywhere")
        self.pattern = pattern
        var shift = [Int](repeating: pattern.count, count: 256)
        for (index, byte) in pattern.dropLast().enumerated() {
            shift[Int(byte)] = pattern.count - 1 - index
        }
        self.shift = shift
    }

    /// Offset of the first occurrence in `bytes`, or `nil`.
    func firstOffset(in bytes: UnsafeRawBufferPointer) -> Int? {
        let length = pattern.count
        guard let base = bytes.baseAddress, bytes.count >= length else { return nil }
        let last = bytes.count - length
        let finalByte = pattern[length - 1]
        return pattern.withUnsafeBytes { patternBytes in
            shift.withUnsafeBufferPointer { shift in
                var offset = 0
                while offset <= last {
                    let byte = base.load(fromByteOffset: offset + length - 1, as: UInt8.self)
                    if byte == finalByte, memcmp(base + offset, patternBytes.baseAddress!, length - 1) == 0 {
                        return offset
                    }
                    offset += shift[Int(byte)]
                }
                return nil
            }
        }
    }
}
