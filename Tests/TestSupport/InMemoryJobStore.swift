import Database
import Foundation

/// The `jobs` table in memory with the rules `jobs.sql` gives PostgreSQL: claims take due jobs and
/// jobs whose visibility timeout passed, and every change is conditioned on the claiming worker.
public final class InMemoryJobStore: JobsQueries, JobOutboxQueries, Sendable {
    private let rows = InMemoryTransactions([UUID: Job]())

    public init() {}

    public func job(_ id: UUID) -> Job? { rows.withLock { $0[id] } }
    public var all: [Job] { rows.withLock { Array($0.values) } }

    /// Changes a job behind the worker's back (another worker taking it over, say).
    public func alter(_ id: UUID, _ change: (inout Job) -> Void) {
        rows.withLock { rows in
            if var job = rows[id] {
                change(&job)
                rows[id] = job
            }
        }
    }

    public func withTransaction<Result: Sendable>(_ body: (InMemoryJobStore) async throws -> Result) async throws -> Result {
        try await rows.transaction { try await body(self) }
    }

    // MARK: jobOutbox.sql

    public func enqueueJob(id: UUID, kind: JobKind, payload: JSONValue, maxAttempts: Int32, delaySeconds: Double) async throws -> Job? {
        let now = Date()
        let job = Job(
            id: id, kind: kind, payload: payload, status: .queued, attempts: 0, maxAttempts: maxAttempts,
            runAt: now.addingTimeInterval(delaySeconds), lockedBy: nil, lockedUntil: nil, lastError: nil,
            createdAt: now, updatedAt: now, finishedAt: nil)
        rows.withLock { $0[id] = job }
        return job
    }

    public func enqueueReaperIfAbsent(id: UUID, delaySeconds: Double) async throws -> Int {
        let pending = rows.withLock { $0.values.contains { $0.kind == .reapUploads && ($0.status == .queued || $0.status == .running) } }
        if pending { return 0 }
        _ = try await enqueueJob(id: id, kind: .reapUploads, payload: .object([:]), maxAttempts: 1, delaySeconds: delaySeconds)
        return 1
    }

    // MARK: jobs.sql

    public func claimJobs(worker: String?, visibilitySeconds: Double, batchSize: Int64) async throws -> [Job] {
        rows.withLock { rows in
            let now = Date()
            let due = rows.values
                .filter { ($0.status == .queued && $0.runAt <= now) || ($0.status == .running && ($0.lockedUntil ?? now) < now) }
                .sorted { $0.runAt < $1.runAt }
                .prefix(Int(batchSize))
            return due.map { candidate in
                var job = candidate
                job.status = .running
                job.attempts += 1
                job.lockedBy = worker
                job.lockedUntil = now.addingTimeInterval(visibilitySeconds)
                job.updatedAt = now
                rows[job.id] = job
                return job
            }
        }
    }

    public func extendJobLock(visibilitySeconds: Double, id: UUID, worker: String) async throws -> Int {
        held(id, by: worker) { $0.lockedUntil = Date().addingTimeInterval(visibilitySeconds) }
    }

    public func completeJob(id: UUID, worker: String) async throws -> Int {
        held(id, by: worker) {
            $0.status = .done
            ($0.lockedBy, $0.lockedUntil, $0.lastError, $0.finishedAt) = (nil, nil, nil, Date())
        }
    }

    public func retryJob(delaySeconds: Double, lastError: String?, id: UUID, worker: String) async throws -> Int {
        held(id, by: worker) {
            $0.status = .queued
            ($0.runAt, $0.lastError, $0.lockedBy, $0.lockedUntil) = (Date().addingTimeInterval(delaySeconds), lastError, nil, nil)
        }
    }

    public func failJob(lastError: String?, id: UUID, worker: String) async throws -> Int {
        held(id, by: worker) {
            $0.status = .error
            ($0.lastError, $0.lockedBy, $0.lockedUntil, $0.finishedAt) = (lastError, nil, nil, Date())
        }
    }

    public func getJob(id: UUID) async throws -> Job? { job(id) }

    public func countUnfinishedJobs() async throws -> Int64? {
        rows.withLock { rows in Int64(rows.values.filter { $0.status == .queued || $0.status == .running }.count) }
    }

    public func deleteFinishedJobs(ageSeconds: Double) async throws -> Int {
        rows.withLock { rows in
            let cutoff = Date().addingTimeInterval(-ageSeconds)
            let old = rows.values.filter { $0.status == .done && ($0.finishedAt ?? cutoff) < cutoff }.map(\.id)
            for id in old { rows[id] = nil }
            return old.count
        }
    }

    /// Applies `change` when `worker` still holds the running job: 1 row, else 0.
    private func held(_ id: UUID, by worker: String, _ change: (inout Job) -> Void) -> Int {
        rows.withLock { rows in
            guard var job = rows[id], job.status == .running, job.lockedBy == worker else { return 0 }
            change(&job)
            job.updatedAt = Date()
            rows[id] = job
            return 1
        }
    }
}
