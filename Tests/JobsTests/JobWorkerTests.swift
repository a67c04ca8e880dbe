import Database
import Foundation
import Logging
import NIOConcurrencyHelpers
import TestSupport
import Testing

@testable import Jobs

/// A processor on the in-memory queue whose attempts fail as scripted; its commit queues a follow-up
/// job, so a test sees whether the commit landed with the job's own change.
final class ScriptedProcessor: JobProcessor, @unchecked Sendable {
    let kind: JobKind
    private let failingAttempts: Set<Int>
    private let permanent: Bool
    private let duringRun: @Sendable (Job) -> Void
    private let state = NIOLockedValueBox<(runs: Int, failures: [String])>((0, []))
    static let followUpKind = JobKind.deliverWebhook

    init(
        kind: JobKind = .processUpload, failingAttempts: Set<Int> = [], permanent: Bool = false,
        duringRun: @escaping @Sendable (Job) -> Void = { _ in }
    ) {
        self.kind = kind
        self.failingAttempts = failingAttempts
        self.permanent = permanent
        self.duringRun = duringRun
    }

    var runs: Int { state.withLockedValue { $0.runs } }
    var failures: [String] { state.withLockedValue { $0.failures } }

    func run(_ job: Job) async throws -> (@Sendable (InMemoryJobStore) async throws -> Void)? {
        let attempt = state.withLockedValue { state -> Int in
            state.runs += 1
            return state.runs
        }
        duringRun(job)
        if permanent { throw JobFailure.permanent("this input can never work") }
        if failingAttempts.contains(attempt) { throw TestFailure(message: "attempt \(attempt) failed") }
        return { store in
            _ = try await store.enqueueJob(
                id: UUID(), kind: Self.followUpKind, payload: .string("after \(job.id)"), maxAttempts: 1, delaySeconds: 0)
        }
    }

    func failed(_ job: Job, message: String, in store: InMemoryJobStore) async throws {
        state.withLockedValue { $0.failures.append(message) }
    }
}

/// The worker's rules — complete with the commit, retry after backoff, fail after the last attempt or at
/// once on a permanent error, drop a result whose lock was lost — on the in-memory queue.
@Suite("Job worker on an in-memory queue")
struct JobWorkerTests {
    let store = InMemoryJobStore()
    let logger = Logger(label: "job-worker-tests")
    static let settings = JobSettings(visibilityTimeout: 30, backoff: RetryBackoff(base: 10, maximum: 100))

    func worker(_ processors: [any JobProcessor<InMemoryJobStore>], settings: JobSettings = Self.settings) -> JobWorker<InMemoryJobStore> {
        JobWorker(
            name: "worker-1", queue: JobQueue(queries: store, settings: settings, logger: logger),
            processors: Dictionary(uniqueKeysWithValues: processors.map { ($0.kind, $0) }), logger: logger)
    }

    func queued(_ kind: JobKind = .processUpload, maxAttempts: Int32 = 3) async throws -> UUID {
        let id = UUID()
        _ = try await store.enqueueJob(id: id, kind: kind, payload: .object([:]), maxAttempts: maxAttempts, delaySeconds: 0)
        return id
    }

    func claimAndRun(_ worker: JobWorker<InMemoryJobStore>) async throws {
        let job = try #require(try await worker.queue.claim(worker: worker.name).first)
        await worker.execute(job)
    }

    var followUps: [Job] { store.all.filter { $0.kind == ScriptedProcessor.followUpKind } }

    @Test func aJobIsDoneTogetherWithItsCommit() async throws {
        let id = try await queued()
        try await claimAndRun(worker([ScriptedProcessor()]))
        #expect(store.job(id)?.status == .done)
        #expect(store.job(id)?.lockedBy == nil)
        #expect(followUps.count == 1)
    }

    @Test func aFailedAttemptIsRetriedAfterItsBackoff() async throws {
        let id = try await queued()
        let started = Date()
        let worker = worker([ScriptedProcessor(failingAttempts: [1])])
        try await claimAndRun(worker)
        let job = try #require(store.job(id))
        #expect(job.status == .queued)
        #expect(job.attempts == 1)
        #expect(job.lastError == "attempt 1 failed")
        // base 10 s for the first retry, ±20 %.
        #expect((7.9...12.1).contains(job.runAt.timeIntervalSince(started)))
        #expect(try await worker.queue.claim(worker: worker.name).isEmpty, "not due before its backoff")
        #expect(followUps.isEmpty)
    }

    @Test func theLastAttemptEndsInErrorWithItsMessage() async throws {
        let id = try await queued(maxAttempts: 2)
        let processor = ScriptedProcessor(failingAttempts: [1, 2])
        let worker = worker([processor])
        try await claimAndRun(worker)
        store.alter(id) { $0.runAt = Date() }  // make the retry due now
        try await claimAndRun(worker)
        let job = try #require(store.job(id))
        #expect(job.status == .error)
        #expect(job.attempts == 2)
        #expect(job.lastError == "attempt 2 failed")
        #expect(processor.failures == ["attempt 2 failed"], "the failure is recorded where its owner sees it, once")
    }

    @Test func aPermanentFailureEndsAtOnce() async throws {
        let id = try await queued(maxAttempts: 5)
        let processor = ScriptedProcessor(permanent: true)
        try await claimAndRun(worker([processor]))
        #expect(store.job(id)?.status == .error)
        #expect(store.job(id)?.attempts == 1)
        #expect(processor.failures == ["this input can never work"])
    }

    @Test func aResultWhoseLockWasLostIsDropped() async throws {
        let id = try await queued()
        let store = self.store
        // While it runs, the visibility timeout passes and another worker takes the job over.
        let processor = ScriptedProcessor(duringRun: { job in store.alter(job.id) { $0.lockedBy = "worker-2" } })
        try await claimAndRun(worker([processor]))
        let job = try #require(store.job(id))
        #expect(job.status == .running && job.lockedBy == "worker-2", "the other worker's claim stands")
        #expect(followUps.isEmpty, "the commit of the dropped result never lands")
    }

    @Test func aJobNobodyProcessesEndsInError() async throws {
        let id = try await queued(.reapUploads)
        try await claimAndRun(worker([ScriptedProcessor(kind: .processUpload)]))
        #expect(store.job(id)?.status == .error)
        #expect(store.job(id)?.lastError == "no processor for reap_uploads jobs")
    }

    @Test func aClaimedJobIsInvisibleUntilItsVisibilityTimeoutPasses() async throws {
        let id = try await queued()
        let queue = JobQueue(queries: store, settings: JobSettings(visibilityTimeout: 0.2), logger: logger)
        #expect(try await queue.claim(worker: "a").map(\.id) == [id])
        #expect(try await queue.claim(worker: "b").isEmpty)
        try await Task.sleep(nanoseconds: 300_000_000)
        let again = try #require(try await queue.claim(worker: "b").first)
        #expect(again.id == id && again.attempts == 2 && again.lockedBy == "b")
        try await queue.complete(again, worker: "b", commit: nil)
        #expect(store.job(id)?.status == .done)
        await #expect(throws: JobLockLost.self) { try await queue.complete(again, worker: "a", commit: nil) }
    }
}
