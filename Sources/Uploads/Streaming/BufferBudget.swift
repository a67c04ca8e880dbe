/// Bytes of part buffers that every upload in the process shares. An upload reserves a part's worth
/// before filling a buffer and releases it once the store has the part; when the budget is spent,
/// uploads wait (first come, first served) instead of growing memory.
public actor BufferBudget {
    public let capacity: Int
    private var available: Int
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0

    private struct Waiter {
        var id: Int
        var bytes: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    public init(capacity: Int) {
        precondition(capacity > 0, "a buffer budget needs a positive capacity")
        self.capacity = capacity
        self.available = capacity
    }

    /// Bytes not reserved right now.
    public var availableBytes: Int { available }

    /// Waits until `bytes` are free and takes them. Throws `CancellationError` if the task is cancelled
    /// while waiting. A request larger than the whole budget waits for the whole budget.
    public func reserve(_ bytes: Int) async throws {
        let bytes = min(bytes, capacity)
        try Task.checkCancellation()
        if waiters.isEmpty, available >= bytes {
            available -= bytes
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append(Waiter(id: id, bytes: bytes, continuation: continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Returns bytes taken with `reserve`.
    public func release(_ bytes: Int) {
        available = min(capacity, available + min(bytes, capacity))
        while let first = waiters.first, first.bytes <= available {
            waiters.removeFirst()
            available -= first.bytes
            first.continuation.resume()
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.continuation.resume(throwing: CancellationError())
        // The head may have been the one blocking smaller requests behind it.
        release(0)
    }
}
