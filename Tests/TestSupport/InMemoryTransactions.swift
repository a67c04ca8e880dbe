import Foundation

/// The state of an in-memory query double, with PostgreSQL's transaction semantics where services rely
/// on them: a transaction rolls everything back when its body throws, and a nested one joins the open
/// one. One test drives a double at a time, so row locks are not modelled.
public final class InMemoryTransactions<State: Sendable>: @unchecked Sendable {
    // Guarded by `lock`; @unchecked because every access goes through it.
    private let lock = NSLock()
    private var state: State
    private var open = false

    public init(_ initial: State) {
        state = initial
    }

    /// Reads or changes the state.
    public func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        try lock.withLock { try body(&state) }
    }

    /// Runs `body` as one transaction: what it changed is undone when it throws.
    public func transaction<Result>(_ body: () async throws -> Result) async throws -> Result {
        let (joined, snapshot) = lock.withLock { () -> (Bool, State) in
            defer { open = true }
            return (open, state)
        }
        if joined { return try await body() }
        do {
            let result = try await body()
            lock.withLock { open = false }
            return result
        } catch {
            lock.withLock { (state, open) = (snapshot, false) }
            throw error
        }
    }
}
