import Testing

@testable import Uploads

@Suite("BufferBudget")
struct BufferBudgetTests {
    @Test func reservationsWaitUntilBytesAreReleased() async throws {
        let budget = BufferBudget(capacity: 10)
        try await budget.reserve(8)
        let waiter = Task {
            try await budget.reserve(5)
            return await budget.availableBytes
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await budget.availableBytes == 2)
        await budget.release(8)
        #expect(try await waiter.value == 5)
    }

    @Test func waitersAreServedInOrder() async throws {
        let budget = BufferBudget(capacity: 4)
        try await budget.reserve(4)
        let order = OrderRecorder()
        let first = Task {
            try await budget.reserve(3)
            await order.append(1)
        }
        try await Task.sleep(for: .milliseconds(20))
        let second = Task {
            try await budget.reserve(1)
            await order.append(2)
        }
        try await Task.sleep(for: .milliseconds(20))
        await budget.release(2)
        try await Task.sleep(for: .milliseconds(20))
        // 2 bytes are free, enough for the second waiter, but the first came earlier.
        #expect(await order.values.isEmpty)
        await budget.release(2)
        try await first.value
        try await second.value
        #expect(await order.values == [1, 2])
    }

    @Test func cancelledWaiterGivesUpItsTurn() async throws {
        let budget = BufferBudget(capacity: 4)
        try await budget.reserve(4)
        let cancelled = Task { try await budget.reserve(4) }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        await budget.release(4)
        #expect(await budget.availableBytes == 4)
    }
}

actor OrderRecorder {
    var values: [Int] = []
    func append(_ value: Int) { values.append(value) }
}
