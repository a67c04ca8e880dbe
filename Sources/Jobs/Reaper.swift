import Database
import Foundation
import Logging

/// One kind of abandoned state that the periodic reaper removes: uploads nobody confirmed, streams
/// whose server died, multipart uploads nothing owns, old finished jobs. Each flow contributes the
/// sweeps for what it leaves behind; the composition root hands them all to the one `Reaper`.
public protocol ReaperSweep: Sendable {
    /// Names the count in the reaper's log line.
    var name: String { get }
    /// Removes what is abandoned now and returns how many things it removed. Safe to run again at any
    /// time, and beside the flows it cleans up after: it re-checks each candidate under the lock that
    /// flow takes.
    func sweep() async throws -> Int
}

/// The periodic clean-up: a `reap_uploads` job that runs every sweep, then queues its successor
/// `interval` seconds later in the transaction that finishes it. A unique index keeps at most one such
/// job queued or running, so however many instances run workers, one reaper runs at a time.
public struct Reaper: JobProcessor {
    public var kind: JobKind { .reapUploads }

    let sweeps: [any ReaperSweep]
    let interval: Double
    let logger: Logger

    public init(sweeps: [any ReaperSweep], interval: Double, logger: Logger) {
        self.sweeps = sweeps
        self.interval = interval
        self.logger = logger
    }

    /// A sweep that fails is logged and the others still run; it is tried again next time.
    public func run(_ job: Job) async throws -> JobCommit? {
        var removed: Logger.Metadata = [:]
        for sweep in sweeps {
            do {
                let count = try await sweep.sweep()
                if count > 0 { removed[sweep.name] = "\(count)" }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.error("reaper sweep failed", metadata: ["sweep": "\(sweep.name)", "error": "\(error)"])
            }
        }
        if !removed.isEmpty { logger.info("reaper", metadata: removed) }
        let interval = self.interval
        return { q in try await JobQueue.scheduleReaper(delaySeconds: interval, in: q) }
    }
}

/// Done jobs finished longer ago than `retention`; failed ones stay for inspection.
public struct FinishedJobsSweep: ReaperSweep {
    public var name: String { "deleted_jobs" }
    let queries: Queries
    let retention: Double

    public init(queries: Queries, retention: Double) {
        self.queries = queries
        self.retention = retention
    }

    public func sweep() async throws -> Int {
        Int(try await queries.deleteFinishedJobs(ageSeconds: retention))
    }
}
