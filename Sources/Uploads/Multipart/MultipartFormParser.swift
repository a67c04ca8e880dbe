import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One step of a `multipart/form-data` body, in the order the bytes arrive.
public enum MultipartFormEvent: Sendable {
    case partBegin(MultipartPartHeaders)
    /// Bytes of the current part's body; slices of the input where possible, never copied per byte.
    case bodyChunk(ByteBuffer)
    case partEnd
}

/// An incremental `multipart/form-data` parser (RFC 7578 / RFC 2046): feed it the request body as it
/// arrives and it emits part boundaries and body bytes, holding back at most a delimiter's length.
///
/// MultipartKit's parser copies every run of bytes between two CR bytes into a new buffer (about 256
/// bytes in binary data), which made a debug build unusable for large files; this one finds delimiters
/// with `DelimiterSearch` and hands out slices of the input.
public struct MultipartFormParser: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        case invalidBoundary
        case malformed(String)
        case headersTooLarge
        /// The body ended before the closing delimiter.
        case truncated
    }

    private enum State: Sendable {
        case preamble, afterDelimiter, headers, body, epilogue
    }

    /// `\r\n--boundary`: what ends every part (the first one is matched as if preceded by CRLF).
    private let delimiter: [UInt8]
    private let delimiterSearch: DelimiterSearch
    private let maximumHeaderBytes: Int
    private var state: State = .preamble
    private var carry: ByteBuffer
    /// Offset in the form body of `carry`'s first byte (the CRLF it starts with is not in the body).
    private var carryOffset: Int64 = -2

    public init(boundary: String, maximumHeaderBytes: Int = 16 * 1024) throws {
        guard (1...70).contains(boundary.utf8.count), !boundary.utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
            throw Failure.invalidBoundary
        }
        self.delimiter = Array("\r\n--\(boundary)".utf8)
        self.delimiterSearch = DelimiterSearch(delimiter)
        self.maximumHeaderBytes = maximumHeaderBytes
        self.carry = ByteBuffer(bytes: [13, 10])
    }

    /// The most bytes the body of a part starting at `bodyOffset` can have in a form body of `length`
    /// bytes: all but a closing delimiter (`\r\n--boundary--`). Clients also end the body with CRLF,
    /// so the body is usually two bytes shorter.
    public func maximumPartBodyLength(startingAt bodyOffset: Int64, formLength length: Int64) -> Int64 {
        max(0, length - bodyOffset - Int64(delimiter.count + 2))
    }

    /// True once the closing delimiter has been read.
    public var isComplete: Bool {
        if case .epilogue = state { return true }
        return false
    }

    /// Consumes `input` and returns the events it completes.
    public mutating func parse(_ input: ByteBuffer) throws -> [MultipartFormEvent] {
        var buffer: ByteBuffer
        if carry.readableBytes == 0 {
            buffer = input
        } else {
            buffer = carry
            var input = input
            buffer.writeBuffer(&input)
        }
        let start = buffer.readerIndex
        let offset = { [carryOffset] (buffer: ByteBuffer) in carryOffset + Int64(buffer.readerIndex - start) }
        var events: [MultipartFormEvent] = []
        loop: while buffer.readableBytes > 0 {
            switch state {
            case .epilogue:
                buffer.moveReaderIndex(to: buffer.writerIndex)
            case .preamble:
                if let index = buffer.withUnsafeReadableBytes(delimiterSearch.firstOffset(in:)) {
                    buffer.moveReaderIndex(forwardBy: index + delimiter.count)
                    state = .afterDelimiter
                } else {
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes - heldBackCount(buffer))
                    break loop
                }
            case .afterDelimiter:
                guard try readDelimiterSuffix(&buffer) else { break loop }
            case .headers:
                guard var headers = try readHeaders(&buffer) else { break loop }
                headers.bodyOffset = offset(buffer)
                events.append(.partBegin(headers))
                state = .body
            case .body:
                if let index = buffer.withUnsafeReadableBytes(delimiterSearch.firstOffset(in:)) {
                    if index > 0 { events.append(.bodyChunk(buffer.readSlice(length: index)!)) }
                    buffer.moveReaderIndex(forwardBy: delimiter.count)
                    events.append(.partEnd)
                    state = .afterDelimiter
                } else {
                    let safe = buffer.readableBytes - heldBackCount(buffer)
                    if safe > 0 { events.append(.bodyChunk(buffer.readSlice(length: safe)!)) }
                    break loop
                }
            }
        }
        // Keep the undecided tail in a buffer of its own so the caller's storage is not pinned.
        carryOffset = offset(buffer)
        carry = ByteBuffer(bytes: buffer.readableBytesView)
        return events
    }

    /// Call at the end of the body: throws `truncated` unless the closing delimiter was seen.
    public func finish() throws {
        guard isComplete else { throw Failure.truncated }
    }

    /// After a delimiter: `--` closes the body, CRLF opens the next part (transport padding allowed).
    private mutating func readDelimiterSuffix(_ buffer: inout ByteBuffer) throws -> Bool {
        let view = buffer.readableBytesView
        var index = view.startIndex
        while index < view.endIndex, view[index] == 32 || view[index] == 9 { index += 1 }
        guard view.endIndex - index >= 2 else { return false }
        let first = view[index]
        let second = view[index + 1]
        if first == 45, second == 45 {
            state = .epilogue
        } else if first == 13, second == 10 {
            state = .headers
        } else {
            throw Failure.malformed("expected CRLF or -- after a boundary")
        }
        buffer.moveReaderIndex(forwardBy: index + 2 - view.startIndex)
        return true
    }

    private func readHeaders(_ buffer: inout ByteBuffer) throws -> MultipartPartHeaders? {
        let view = buffer.readableBytesView
        if view.count >= 2, view[view.startIndex] == 13, view[view.startIndex + 1] == 10 {
            buffer.moveReaderIndex(forwardBy: 2)
            return MultipartPartHeaders(fields: [])
        }
        guard let end = firstIndex(of: [13, 10, 13, 10], in: buffer) else {
            if buffer.readableBytes > maximumHeaderBytes { throw Failure.headersTooLarge }
            return nil
        }
        guard end <= maximumHeaderBytes else { throw Failure.headersTooLarge }
        let block = buffer.readString(length: end) ?? ""
        buffer.moveReaderIndex(forwardBy: 4)
        var fields: [(name: String, value: String)] = []
        for line in block.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                throw Failure.malformed("part header without a colon")
            }
            let name = line[..<colon].trimmingSpaces()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            guard !name.isEmpty else { throw Failure.malformed("empty part header name") }
            fields.append((name, value))
        }
        return MultipartPartHeaders(fields: fields)
    }

    /// Bytes at the end of `buffer` that may be the start of a delimiter and must wait for more input.
    private func heldBackCount(_ buffer: ByteBuffer) -> Int {
        let view = buffer.readableBytesView
        let window = min(view.count, delimiter.count - 1)
        var start = view.endIndex - window
        while start < view.endIndex {
            if view[start] == delimiter[0] {
                let tail = view[start...]
                if tail.elementsEqual(delimiter.prefix(tail.count)) { return view.endIndex - start }
            }
            start += 1
        }
        return 0
    }

    /// Offset of the first occurrence of `pattern` in the readable bytes: `memchr` for its first byte,
    /// then a comparison of the rest.
    private func firstIndex(of pattern: [UInt8], in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { raw -> Int? in
            guard let base = raw.baseAddress, raw.count >= pattern.count else { return nil }
            let last = raw.count - pattern.count
            var offset = 0
            return pattern.withUnsafeBytes { patternBytes -> Int? in
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(pattern[0]), last - offset + 1) else { return nil }
                    let position = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + position, patternBytes.baseAddress!, pattern.count) == 0 { return position }
                    offset = position + 1
                }
                return nil
            }
        }
    }
}
