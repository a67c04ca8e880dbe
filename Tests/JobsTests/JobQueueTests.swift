import Database
import Foundation
import Jobs
import Logging
import TestSupport
import Testing

@Suite("Job queue against PostgreSQL", .enabled(if: TestServices.postgresAvailable))
struct JobQueueTests {
    static func queue(_ queries: Queries, visibility: Double = 30, backoff: RetryBackoff = RetryBackoff(base: 2, maximum: 300)) -> JobQueue<
        Queries
    > {
        JobQueue(queries: queries, settings: JobSettings(visibilityTimeout: visibility, backoff: backoff), logger: ScratchDatabase.logger)
    }

    @Test func concurrentClaimsNeverShareAJob() async throws {
        try await ScratchDatabase.withQueries { _, queries in
            for index in 0..<40 {
                try await JobQueue.enqueue(.processUpload, payload: .object(["n": .number(Double(index))]), in: queries)
            }
            let queue = Self.queue(queries)
            let claimed = try await withThrowingTaskGroup(of: [Job].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [Job] = []
                        while true {
                            let batch = try await queue.claim(worker: "w\(worker)", limit: 3)
                            if batch.isEmpty { return mine }
                            mine += batch
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed.map(\.id)).count == 40)
            #expect(claimed.allSatisfy { $0.status == .running && $0.attempts == 1 && $0.lockedBy != nil })
        }
    }

    @Test func failedAttemptIsRetriedAfterItsBackoff() async throws {
        try await ScratchDatabase.withQueries { client, queries in
            let id = try await JobQueue.enqueue(.deliverWebhook, payload: .object([:]), maxAttempts: 3, in: queries)
            // A delay no loaded machine takes between two statements; the job is then made due by hand.
            let queue = Self.queue(queries, backoff: RetryBackoff(base: 60, maximum: 600))
            let job = try #require(try await queue.claim(worker: "a").first)
            try await queue.retry(job, worker: "a", message: "receiver answered 500")
            #expect(try await queue.claim(worker: "b").isEmpty, "not due before the backoff delay")
            let waiting = try #require(try await queries.getJob(id: id))
            #expect(waiting.status == .queued)
            #expect(waiting.lastError == "receiver answered 500")
            let delay = waiting.runAt.timeIntervalSince(waiting.updatedAt)
            #expect(delay > 48 && delay < 72, "first retry waits base ±20 %, got \(delay)")
            try await client.query("UPDATE jobs SET run_at = now() WHERE id = \(id)", logger: ScratchDatabase.logger)
            let again = try #require(try await queue.claim(worker: "b").first)
            #expect(again.id == id && again.attempts == 2)
        }
    }

    @Test func backoffDoublesUpToTheMaximum() {
        let backoff = RetryBackoff(base: 2, maximum: 30)
        #expect([1, 2, 3, 4, 5, 9].map { backoff.delay(afterAttempt: $0, jitter: 1) } == [2, 4, 8, 16, 30, 30])
        #expect(backoff.delay(afterAttempt: 3, jitter: 1.2) == 8 * 1.2)
    }

    @Test func jobOfADeadWorkerReturnsAfterTheVisibilityTimeout() async throws {
        try await ScratchDatabase.withQueries { _, queries in
            let id = try await JobQueue.enqueue(.processUpload, payload: .object([:]), in: queries)
            // Seconds, not milliseconds: the second claim must come well within the timeout even on a
            // loaded machine.
            let queue = Self.queue(queries, visibility: 3)
            let first = try #require(try await queue.claim(worker: "dead").first)
            #expect(try await queue.claim(worker: "alive").isEmpty, "held jobs are invisible")
            try await Task.sleep(nanoseconds: 3_500_000_000)
            let second = try #require(try await queue.claim(worker: "alive").first)
            #expect(second.id == id && second.attempts == 2 && second.lockedBy == "alive")
            // The first worker wakes up: its completion is refused and changes nothing.
            await #expect(throws: JobLockLost.self) { try await queue.complete(first, worker: "dead", commit: nil) }
            try await queue.complete(second, worker: "alive", commit: nil)
            #expect(try await queries.getJob(id: id)?.status == .done)
        }
    }

    @Test func extendingTheLockKeepsAJobInvisible() async throws {
        try await ScratchDatabase.withQueries { _, queries in
            _ = try await JobQueue.enqueue(.processUpload, payload: .object([:]), in: queries)
            // Three pauses outlast the visibility timeout: only the extensions keep the job hidden.
            let queue = Self.queue(queries, visibility: 4)
            let job = try #require(try await queue.claim(worker: "slow").first)
            for _ in 0..<3 {
                try await Task.sleep(nanoseconds: 1_500_000_000)
                #expect(try await queue.extend(job, worker: "slow"))
                #expect(try await queue.claim(worker: "other").isEmpty)
            }
        }
    }
}
