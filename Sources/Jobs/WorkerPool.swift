import Database
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import ServiceLifecycle

/// `settings.workers` worker loops, one LISTEN connection that wakes them, and the reaper's schedule,
/// as a ServiceLifecycle service (inside `serve`, or alone in `s3uploader worker`). On graceful shutdown
/// each loop finishes its current job and stops; a job cut short by a crash runs again after the
/// visibility timeout.
public struct WorkerPool: Service {
    let client: PostgresClient
    let queue: JobQueue<Queries>
    let processors: [JobKind: any JobProcessor<Queries>]
    let logger: Logger
    /// Prefix of the `locked_by` names of this pool's loops.
    public let name: String

    public init(client: PostgresClient, settings: JobSettings, processors: [any JobProcessor<Queries>], logger: Logger) {
        self.client = client
        self.queue = JobQueue(queries: Queries(client: client, logger: logger), settings: settings, logger: logger)
        self.processors = Dictionary(processors.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.logger = logger
        self.name =
            "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    public func run() async throws {
        let wakeUps = JobWakeUps()
        let stopping = NIOLockedValueBox(false)
        logger.info("job workers started", metadata: ["workers": "\(queue.settings.workers)", "pool": "\(name)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { background in
                background.addTask { await listen(wakeUps: wakeUps) }
                background.addTask { await scheduleReaper() }
                // The loops end on shutdown, each after its current job; then the listener and scheduler stop.
                await withTaskGroup(of: Void.self) { loops in
                    for index in 0..<queue.settings.workers {
                        let worker = JobWorker(name: "\(name)/\(index)", queue: queue, processors: processors, logger: logger)
                        loops.addTask { await worker.loop(wakeUps: wakeUps, stopping: { stopping.withLockedValue { $0 } }) }
                    }
                }
                background.cancelAll()
            }
        } onGracefulShutdown: {
            stopping.withLockedValue { $0 = true }
            Task { await wakeUps.notifyAll() }
        }
        logger.info("job workers stopped", metadata: ["pool": "\(name)"])
    }

    /// `LISTEN jobs` on a connection of its own; reconnects after errors until cancelled.
    private func listen(wakeUps: JobWakeUps) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: "jobs") { notifications in
                        await wakeUps.notifyAll()  // jobs queued while we were not listening
                        for try await _ in notifications { await wakeUps.notifyAll() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("job notifications interrupted; reconnecting", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(nanoseconds: 1_000_000_000)
        }
    }

    /// Makes sure one reaper job is queued (the reaper queues its successor when it finishes).
    private func scheduleReaper() async {
        guard processors[.reapUploads] != nil else { return }
        while !Task.isCancelled {
            var wait = max(queue.settings.reaperInterval, 1)
            do {
                try await JobQueue.scheduleReaper(delaySeconds: 0, in: queue.queries)
            } catch {
                // e.g. the jobs table is not migrated yet: try again soon.
                logger.debug("could not schedule the reaper", metadata: ["error": "\(String(reflecting: error))"])
                wait = min(wait, 5)
            }
            try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
        }
    }
}
