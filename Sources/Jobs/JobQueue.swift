import Database
import Foundation
import Logging

/// The job queue: claims (`FOR UPDATE SKIP LOCKED` on PostgreSQL), finishes, retries with backoff,
/// and fails after the last attempt. Every state change is conditioned on the claiming worker still
/// holding the job, so a worker whose visibility timeout passed can't overwrite another's result.
///
/// Generic over the queries of `jobs.sql`, so the worker's rules run on PostgreSQL (`Queries`) or on an
/// in-memory store in unit tests.
public struct JobQueue<Store: JobsQueries>: Sendable {
    public let queries: Store
    public let settings: JobSettings
    let logger: Logger

    public init(queries: Store, settings: JobSettings, logger: Logger) {
        self.queries = queries
        self.settings = settings
        self.logger = logger
    }

    /// Marks the job done and runs `commit` in the same transaction. Throws `JobLockLost` (and commits
    /// nothing) when another worker took the job over.
    public func complete(_ job: Job, worker: String, commit: (@Sendable (Store) async throws -> Void)?) async throws {
        try await queries.withTransaction { q in
            guard try await q.completeJob(id: job.id, worker: worker) == 1 else { throw JobLockLost(jobID: job.id) }
            try await commit?(q)
        }
    }

    /// Up to `limit` due jobs, now held by `worker` for the visibility timeout.
    public func claim(worker: String, limit: Int = 1) async throws -> [Job] {
        try await queries.claimJobs(worker: worker, visibilitySeconds: settings.visibilityTimeout, batchSize: Int64(limit))
    }

    /// Pushes the visibility timeout forward; `false` when `worker` no longer holds the job.
    public func extend(_ job: Job, worker: String) async throws -> Bool {
        try await queries.extendJobLock(visibilitySeconds: settings.visibilityTimeout, id: job.id, worker: worker) == 1
    }

    /// Queues the job again after the backoff delay of its attempt.
    public func retry(_ job: Job, worker: String, message: String) async throws {
        let delay = settings.backoff.delay(afterAttempt: Int(job.attempts))
        _ = try await queries.retryJob(delaySeconds: delay, lastError: message, id: job.id, worker: worker)
    }

    /// Ends the job in `error` with `message`; `record` runs in the same transaction.
    public func fail(_ job: Job, worker: String, message: String, record: (@Sendable (Store) async throws -> Void)?) async throws {
        try await queries.withTransaction { q in
            guard try await q.failJob(lastError: message, id: job.id, worker: worker) == 1 else { throw JobLockLost(jobID: job.id) }
            try await record?(q)
        }
    }
}

/// Queuing needs no worker-side queue: callers pass the transaction of the change that causes the job.
extension JobQueue where Store == Queries {
    /// Adds a job. The only way work is queued: call it with the transaction of the change that causes
    /// the job (transactional outbox), so the job exists exactly when the change committed.
    @discardableResult
    public static func enqueue(
        _ kind: JobKind, payload: JSONValue, maxAttempts: Int32 = 5, delaySeconds: Double = 0, in queries: any JobOutboxQueries
    ) async throws -> UUID {
        let id = UUID()
        _ = try await queries.enqueueJob(id: id, kind: kind, payload: payload, maxAttempts: maxAttempts, delaySeconds: delaySeconds)
        return id
    }

    /// Queues the periodic reaper unless one is already queued or running (a unique index keeps it to
    /// one across every instance), to run after `delaySeconds`.
    public static func scheduleReaper(delaySeconds: Double, in queries: any JobOutboxQueries) async throws {
        _ = try await queries.enqueueReaperIfAbsent(id: UUID(), delaySeconds: delaySeconds)
    }
}

/// The job's visibility timeout passed and another worker took it; this worker's result is dropped.
public struct JobLockLost: Error, CustomStringConvertible {
    public var jobID: UUID
    public var description: String { "job \(jobID) is held by another worker now" }
}
