import NIOCore

/// Bytes of part buffers that every upload in the process shares. An upload reserves a part's worth
/// before filling a buffer and releases it once the store has the part; when the budget is spent,
/// uploads wait (first come, first served) instead of growing memory.
///
/// `takeBuffer`/`recycle` also hand out the buffers themselves and keep a few returned ones for the next
/// part: memory the process already touched, so a part costs no page faults (fresh pages are zeroed by
/// the kernel, a tenth of an upload's CPU time otherwise).
public actor BufferBudget {
    public let capacity: Int
    private var available: Int
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var spareBuffers: [ByteBuffer] = []
    /// How many returned buffers are kept for reuse.
    private let spareBufferLimit: Int

    private struct Waiter {
        var id: Int
        var bytes: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    public init(capacity: Int, spareBufferLimit: Int = 8) {
        precondition(capacity > 0, "a buffer budget needs a positive capacity")
        self.capacity = capacity
        self.available = capacity
        self.spareBufferLimit = spareBufferLimit
    }

    /// Reserves `capacity` bytes (waiting like `reserve`) and returns an empty buffer of at least that
    /// capacity, a recycled one when there is one. Give it back with `recycle(_:reserved:)`.
    public func takeBuffer(capacity bytes: Int) async throws -> ByteBuffer {
        try await reserve(bytes)
        if let index = spareBuffers.lastIndex(where: { $0.capacity >= bytes }) {
            var buffer = spareBuffers.remove(at: index)
            buffer.clear()
            return buffer
        }
        return ByteBufferAllocator().buffer(capacity: bytes)
    }

    /// Releases `reserved` bytes and keeps `buffer` for a later `takeBuffer`. A buffer still shared with
    /// someone else then is not reused in place (`clear` gives it fresh storage), so nothing is overwritten.
    public func recycle(_ buffer: ByteBuffer, reserved: Int) {
        release(reserved)
        guard spareBuffers.count < spareBufferLimit, buffer.capacity <= 2 * max(reserved, 1) else { return }
        spareBuffers.append(buffer)
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
