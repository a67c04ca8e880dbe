import Foundation
import NIOCore

/// Deterministic test bytes and helpers to read object bodies.
enum TestBytes {
    /// `count` bytes of a repeating non-trivial pattern that differs per `seed`.
    static func pattern(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
        var state = UInt32(seed) &* 2_654_435_761 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static func collect<S: AsyncSequence>(_ body: S) async throws -> [UInt8] where S.Element == ByteBuffer {
        var bytes: [UInt8] = []
        for try await chunk in body { bytes += chunk.readableBytesView }
        return bytes
    }

    /// Number of chunks and the largest one, without keeping the bytes.
    static func chunkStats<S: AsyncSequence>(_ body: S) async throws -> (chunks: Int, largest: Int, total: Int)
    where S.Element == ByteBuffer {
        var chunks = 0
        var largest = 0
        var total = 0
        for try await chunk in body {
            chunks += 1
            largest = max(largest, chunk.readableBytes)
            total += chunk.readableBytes
        }
        return (chunks, largest, total)
    }
}
