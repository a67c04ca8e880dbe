import Foundation

/// Wakes idle worker loops: `notifyAll` (a `NOTIFY jobs` arrived) ends every current `wait`; a
/// notification while nobody waits is remembered, so the next `wait` returns at once.
public actor JobWakeUps {
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var missed = false

    public init() {}

    /// Returns on the next notification, or after `timeout` seconds.
    public func wait(timeout: Double) async {
        if missed {
            missed = false
            return
        }
        let id = UUID()
        await withCheckedContinuation { continuation in
            waiters[id] = continuation
            Task { [weak self] in
                try? await Task.sleep(nanoseconds: UInt64(max(0, timeout) * 1e9))
                await self?.resume(id)
            }
        }
    }

    public func notifyAll() {
        guard !waiters.isEmpty else {
            missed = true
            return
        }
        let current = waiters
        waiters.removeAll()
        for continuation in current.values { continuation.resume() }
    }

    private func resume(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
