/// Runs clean-up after a failed upload to the end even when the current task is cancelled (a client
/// that went away cancels its request's task, which would cut the store and database calls short): in a
/// detached task, which that cancellation doesn't reach, and waits for it.
///
/// Unlike `Task.detached`, `cleanup` may capture state that isn't `Sendable` (an `ObjectUploadStream`,
/// a part writer): only call it from nonisolated code, and don't hand that state to anyone else.
func runUncancelled(_ cleanup: () async -> Void) async {
    await withoutActuallyEscaping(cleanup) { cleanup in
        let handoff = CleanupHandoff(cleanup: cleanup)
        await Task.detached { await handoff.cleanup() }.value
    }
}

/// `@unchecked Sendable` because what `cleanup` captures is used by one task at a time: the caller
/// stays suspended in `runUncancelled` until the detached task has run `cleanup` to its end, and the
/// closure doesn't outlive that call (`withoutActuallyEscaping` checks it).
private struct CleanupHandoff: @unchecked Sendable {
    let cleanup: () async -> Void
}
