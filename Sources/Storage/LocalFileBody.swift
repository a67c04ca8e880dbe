import Foundation
import NIOCore
import _NIOFileSystem

/// The bytes of an open file between two offsets, read in chunks as they are asked for. Single pass: the
/// file is closed at the end, on error, or when the last reference to the body goes away unread.
struct LocalFileBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let file: OpenFile
    let range: Range<Int64>
    let chunkLength: Int64

    func makeAsyncIterator() -> Iterator {
        Iterator(file: file, offset: range.lowerBound, end: range.upperBound, chunkLength: chunkLength)
    }

    struct Iterator: AsyncIteratorProtocol {
        let file: OpenFile
        var offset: Int64
        let end: Int64
        let chunkLength: Int64

        mutating func next() async throws -> ByteBuffer? {
            guard offset < end else {
                try await file.close()
                return nil
            }
            let length = Swift.min(chunkLength, end - offset)
            let chunk: ByteBuffer
            do {
                chunk = try await file.read(at: offset, length: length)
            } catch {
                try? await file.close()
                throw error
            }
            guard chunk.readableBytes > 0 else {  // the file shrank under us
                try await file.close()
                throw LocalFileBodyError.truncated(expected: end, readUpTo: offset)
            }
            offset += Int64(chunk.readableBytes)
            return chunk
        }
    }
}

enum LocalFileBodyError: Error {
    case truncated(expected: Int64, readUpTo: Int64)
}

/// A read handle that is closed exactly once: by `close()`, or synchronously on deinit when a reader
/// abandoned it (`_NIOFileSystem` traps on a leaked handle).
final class OpenFile: @unchecked Sendable {
    private let lock = NSLock()
    private var handle: ReadFileHandle?

    init(_ handle: ReadFileHandle) {
        self.handle = handle
    }

    func read(at offset: Int64, length: Int64) async throws -> ByteBuffer {
        guard let handle = lock.withLock({ self.handle }) else { return ByteBuffer() }
        return try await handle.readChunk(fromAbsoluteOffset: offset, length: .bytes(length))
    }

    func close() async throws {
        guard
            let handle = lock.withLock({ () -> ReadFileHandle? in
                defer { self.handle = nil }
                return self.handle
            })
        else { return }
        try await handle.close()
    }

    deinit {
        if let handle, let descriptor = try? handle.detachUnsafeFileDescriptor() {
            try? descriptor.close()
        }
    }
}
