import NIOCore
import Testing

@testable import Uploads

@Suite("BufferBudget recycling")
struct BufferBudgetRecyclingTests {
    private static func address(_ buffer: ByteBuffer) -> UInt {
        buffer.withVeryUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
    }

    @Test func aReturnedBufferIsReusedAndItsBytesReleased() async throws {
        let budget = BufferBudget(capacity: 1024)
        var first = try await budget.takeBuffer(capacity: 512)
        first.writeString("part one")
        let firstAddress = Self.address(first)
        #expect(await budget.availableBytes == 512)
        await budget.recycle(first, reserved: 512)
        first = ByteBuffer()
        #expect(await budget.availableBytes == 1024)

        let second = try await budget.takeBuffer(capacity: 512)
        #expect(second.readableBytes == 0)
        #expect(Self.address(second) == firstAddress)
        #expect(await budget.availableBytes == 512)
    }

    @Test func aBufferStillHeldElsewhereIsNotOverwritten() async throws {
        let budget = BufferBudget(capacity: 1024)
        var held = try await budget.takeBuffer(capacity: 256)
        held.writeString("still being sent")
        await budget.recycle(held, reserved: 256)

        var reused = try await budget.takeBuffer(capacity: 256)
        reused.writeString("next part")
        #expect(held.getString(at: 0, length: held.readableBytes) == "still being sent")
        #expect(Self.address(reused) != Self.address(held))
    }

    @Test func takingABufferWaitsForTheBudget() async throws {
        let budget = BufferBudget(capacity: 100)
        let first = try await budget.takeBuffer(capacity: 100)
        let waiter = Task { try await budget.takeBuffer(capacity: 60).capacity }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await budget.availableBytes == 0)
        await budget.recycle(first, reserved: 100)
        #expect(try await waiter.value >= 60)
        #expect(await budget.availableBytes == 40)
    }
}
