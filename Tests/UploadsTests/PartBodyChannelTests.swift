import NIOCore
import Testing

@testable import Uploads

@Suite("PartBodyChannel")
struct PartBodyChannelTests {
    struct Boom: Error, Equatable {}

    static func collect(_ channel: PartBodyChannel) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in channel { bytes += Array(buffer.readableBytesView) }
        return bytes
    }

    @Test("the reader gets every byte in order, then the end")
    func order() async throws {
        let channel = PartBodyChannel(limit: 10)
        let reader = Task { try await Self.collect(channel) }
        var sent: [UInt8] = []
        for index in 0..<200 {
            let chunk = [UInt8](repeating: UInt8(index), count: index % 7)
            sent += chunk
            try await channel.send(ByteBuffer(bytes: chunk))
        }
        channel.finish()
        #expect(try await reader.value == sent)
    }

    @Test("a sender waits while more than the limit is queued, until the reader takes some")
    func backpressure() async throws {
        let channel = PartBodyChannel(limit: 4)
        try await channel.send(ByteBuffer(bytes: [1, 2, 3, 4]))  // at the limit: returns at once
        let blocked = Task {
            try await channel.send(ByteBuffer(bytes: [5]))
            return true
        }
        try await Task.sleep(for: .milliseconds(50))
        var iterator = channel.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first.map { Array($0.readableBytesView) } == [1, 2, 3, 4])
        #expect(try await blocked.value)
        channel.finish()
        #expect(try await iterator.next().map { Array($0.readableBytesView) } == [5])
        #expect(try await iterator.next() == nil)
    }

    @Test("closing fails a waiting sender and the reader with the same error")
    func close() async throws {
        let channel = PartBodyChannel(limit: 2)
        try await channel.send(ByteBuffer(bytes: [1, 2]))
        let sender = Task { try await channel.send(ByteBuffer(bytes: [3])) }
        try await Task.sleep(for: .milliseconds(20))
        channel.close(throwing: Boom())
        await #expect(throws: Boom.self) { try await sender.value }
        await #expect(throws: Boom.self) { try await Self.collect(channel) }
        await #expect(throws: Boom.self) { try await channel.send(ByteBuffer(bytes: [4])) }
    }

    @Test("a cancelled reader closes the channel, so the sender stops instead of waiting forever")
    func readerCancelled() async throws {
        let channel = PartBodyChannel(limit: 1)
        let reader = Task { try await Self.collect(channel) }
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
        await #expect(throws: CancellationError.self) {
            for _ in 0..<10 { try await channel.send(ByteBuffer(bytes: [1, 2, 3])) }
        }
    }

    @Test("a cancelled sender stops waiting")
    func senderCancelled() async throws {
        let channel = PartBodyChannel(limit: 1)
        let sender = Task {
            for _ in 0..<10 { try await channel.send(ByteBuffer(bytes: [1, 2, 3])) }
        }
        try await Task.sleep(for: .milliseconds(20))
        sender.cancel()
        await #expect(throws: CancellationError.self) { try await sender.value }
    }
}
