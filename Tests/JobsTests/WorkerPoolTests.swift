import Database
import Foundation
import Jobs
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import ServiceLifecycle
import TestSupport
import Testing

/// Records the jobs it sees; fails the first `failures` attempts of each.
final class RecordingProcessor: JobProcessor, @unchecked Sendable {
    let kind: JobKind
    let failures: Int
    let permanent: Bool
    private let state = NIOLockedValueBox<(runs: [UUID: Int], failed: [UUID: String])>(([:], [:]))

    init(kind: JobKind = .processUpload, failures: Int = 0, permanent: Bool = false) {
        self.kind = kind
        self.failures = failures
        self.permanent = permanent
    }

    var runs: [UUID: Int] { state.withLockedValue { $0.runs } }
    var failed: [UUID: String] { state.withLockedValue { $0.failed } }

    func run(_ job: Job) async throws -> JobCommit? {
        let count = state.withLockedValue { state -> Int in
            state.runs[job.id, default: 0] += 1
            return state.runs[job.id]!
        }
        if permanent { throw JobFailure.permanent("cannot ever work") }
        if count <= failures { throw TestFailure(message: "attempt \(count) failed") }
        return nil
    }

    func failed(_ job: Job, message: String, in queries: Queries) async throws {
        state.withLockedValue { $0.failed[job.id] = message }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

@Suite("Worker pool against PostgreSQL", .enabled(if: TestServices.postgresAvailable))
struct WorkerPoolTests {
    /// Runs a pool for the duration of `body`, then shuts it down gracefully.
    static func withPool(
        _ client: PostgresClient, settings: JobSettings, processors: [any JobProcessor<Queries>],
        _ body: @Sendable () async throws -> Void
    ) async throws {
        let pool = WorkerPool(client: client, settings: settings, processors: processors, logger: ScratchDatabase.logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: pool)], logger: ScratchDatabase.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func waitUntil(timeout: Double, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return try await condition()
    }

    @Test func notificationWakesIdleWorkersWithoutPolling() async throws {
        try await ScratchDatabase.withQueries { client, queries in
            let processor = RecordingProcessor()
            // A 60 s poll interval: only LISTEN/NOTIFY can make the job run quickly.
            let settings = JobSettings(workers: 2, pollInterval: 60)
            try await Self.withPool(client, settings: settings, processors: [processor]) {
                try await Task.sleep(nanoseconds: 500_000_000)  // workers idle, waiting
                let started = Date()
                let id = try await JobQueue.enqueue(.processUpload, payload: .object([:]), in: queries)
                let done = try await Self.waitUntil(timeout: 40) { try await queries.getJob(id: id)?.status == .done }
                #expect(done)
                // Far below the poll interval, with room for a loaded machine.
                #expect(Date().timeIntervalSince(started) < 30, "woken by NOTIFY, not the 60 s poll")
                #expect(processor.runs[id] == 1)
            }
        }
    }

    @Test func retriesThenSucceeds() async throws {
        try await ScratchDatabase.withQueries { client, queries in
            let processor = RecordingProcessor(failures: 2)
            let settings = JobSettings(workers: 1, pollInterval: 0.1, backoff: RetryBackoff(base: 0.1, maximum: 1))
            try await Self.withPool(client, settings: settings, processors: [processor]) {
                let id = try await JobQueue.enqueue(.processUpload, payload: .object([:]), maxAttempts: 5, in: queries)
                let reached = try await Self.waitUntil(timeout: 15) { try await queries.getJob(id: id)?.status == .done }
                #expect(reached)
                let job = try #require(try await queries.getJob(id: id))
                #expect(job.attempts == 3)
                #expect(processor.runs[id] == 3)
                #expect(processor.failed[id] == nil)
            }
        }
    }

    @Test func endsInErrorWithTheLastMessageAfterTheFinalAttempt() async throws {
        try await ScratchDatabase.withQueries { client, queries in
            let processor = RecordingProcessor(failures: 100)
            let settings = JobSettings(workers: 2, pollInterval: 0.1, backoff: RetryBackoff(base: 0.05, maximum: 0.2))
            try await Self.withPool(client, settings: settings, processors: [processor]) {
                let id = try await JobQueue.enqueue(.processUpload, payload: .object([:]), maxAttempts: 3, in: queries)
                let reached = try await Self.waitUntil(timeout: 15) { try await queries.getJob(id: id)?.status == .error }
                #expect(reached)
                let job = try #require(try await queries.getJob(id: id))
                #expect(job.attempts == 3)
                #expect(job.lastError == "attempt 3 failed")
                #expect(processor.runs[id] == 3)
                #expect(processor.failed[id] == "attempt 3 failed")
            }
        }
    }

    @Test func permanentFailureIsNotRetried() async throws {
        try await ScratchDatabase.withQueries { client, queries in
            let processor = RecordingProcessor(permanent: true)
            let settings = JobSettings(workers: 1, pollInterval: 0.1, backoff: RetryBackoff(base: 0.05, maximum: 0.2))
            try await Self.withPool(client, settings: settings, processors: [processor]) {
                let id = try await JobQueue.enqueue(.processUpload, payload: .object([:]), maxAttempts: 5, in: queries)
                let reached = try await Self.waitUntil(timeout: 10) { try await queries.getJob(id: id)?.status == .error }
                #expect(reached)
                #expect(processor.runs[id] == 1)
                #expect(try await queries.getJob(id: id)?.lastError == "cannot ever work")
            }
        }
    }

    @Test func manyJobsDrainAcrossWorkers() async throws {
        try await ScratchDatabase.withQueries { client, queries in
            let processor = RecordingProcessor()
            try await queries.withTransaction { q in
                for _ in 0..<300 { try await JobQueue.enqueue(.processUpload, payload: .object([:]), in: q) }
            }
            let settings = JobSettings(workers: 4, pollInterval: 0.2)
            try await Self.withPool(client, settings: settings, processors: [processor]) {
                let drained = try await Self.waitUntil(timeout: 60) { (try await queries.countUnfinishedJobs() ?? 0) == 0 }
                #expect(drained)
            }
            #expect(processor.runs.count == 300)
            #expect(processor.runs.values.allSatisfy { $0 == 1 }, "no job ran twice")
        }
    }
}
