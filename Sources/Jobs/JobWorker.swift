import Database
import Foundation
import Logging

/// One worker loop: claim a job, run its processor while extending the visibility timeout, then
/// complete, retry or fail it. Idle, it waits for a `NOTIFY jobs` or the poll interval.
struct JobWorker<Store: JobsQueries>: Sendable {
    let name: String
    let queue: JobQueue<Store>
    let processors: [JobKind: any JobProcessor<Store>]
    let logger: Logger

    func loop(wakeUps: JobWakeUps, stopping: @escaping @Sendable () -> Bool) async {
        while !Task.isCancelled && !stopping() {
            let jobs: [Job]
            do {
                jobs = try await queue.claim(worker: name)
            } catch {
                logger.warning("could not claim jobs", metadata: ["worker": "\(name)", "error": "\(String(reflecting: error))"])
                await wakeUps.wait(timeout: queue.settings.pollInterval)
                continue
            }
            guard let job = jobs.first else {
                await wakeUps.wait(timeout: queue.settings.pollInterval)
                continue
            }
            await execute(job)
        }
    }

    /// Runs one claimed job to its next state.
    func execute(_ job: Job) async {
        var metadata: Logger.Metadata = [
            "job": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempts)", "worker": "\(name)",
        ]
        guard let processor = processors[job.kind] else {
            await finish(job, failure: "no processor for \(job.kind.rawValue) jobs", processor: nil, permanent: true)
            return
        }
        if job.attempts > job.maxAttempts {
            // Claimed again after its final attempt's worker died.
            let message = job.lastError ?? "the worker running the final attempt stopped responding"
            await finish(job, failure: message, processor: processor, permanent: true)
            return
        }
        let started = ContinuousClock.now
        do {
            let commit = try await withLockExtended(job) { try await processor.run(job) }
            try await queue.complete(job, worker: name, commit: commit)
            metadata["duration"] = "\(ContinuousClock.now - started)"
            logger.debug("job done", metadata: metadata)
        } catch let lost as JobLockLost {
            logger.warning("job taken over by another worker; result dropped", metadata: metadata.merging(["error": "\(lost)"]) { $1 })
        } catch let failure as JobFailure {
            await finish(job, failure: failure.description, processor: processor, permanent: true)
        } catch {
            await finish(job, failure: String(describing: error), processor: processor, permanent: false)
        }
    }

    private func finish(_ job: Job, failure message: String, processor: (any JobProcessor<Store>)?, permanent: Bool) async {
        let metadata: Logger.Metadata = [
            "job": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(job.attempts)", "error": "\(message)",
        ]
        do {
            if permanent || job.attempts >= job.maxAttempts {
                try await queue.fail(job, worker: name, message: message) { q in
                    try await processor?.failed(job, message: message, in: q)
                }
                logger.error("job failed", metadata: metadata)
            } else {
                try await queue.retry(job, worker: name, message: message)
                logger.notice("job attempt failed; will retry", metadata: metadata)
            }
        } catch {
            logger.error("could not record a job failure", metadata: metadata.merging(["db_error": "\(String(reflecting: error))"]) { $1 })
        }
    }

    /// Runs `body` while a heartbeat keeps the job invisible to other workers.
    private func withLockExtended<T: Sendable>(_ job: Job, _ body: @Sendable () async throws -> T) async throws -> T {
        let interval = max(queue.settings.visibilityTimeout / 3, 0.05)
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                if Task.isCancelled { return }
                if (try? await queue.extend(job, worker: name)) == false {
                    logger.warning("lost the lock of a running job", metadata: ["job": "\(job.id)", "worker": "\(name)"])
                    return
                }
            }
        }
        defer { heartbeat.cancel() }
        return try await body()
    }
}
