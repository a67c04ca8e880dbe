import Database
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// Every generated function of Tests/SQLGenCorpus/jobs (dbmate, golang-migrate, tern and pg_dump-style
/// migrations) against a live PostgreSQL.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct JobsRoundTripTests {
    @Test func queueLifecycle() async throws {
        try await CorpusSchema.withQueries { q in
            let payload = JSONValue.object(["upload_id": .string("u-1")])
            let id = try #require(
                try await q.enqueueJob(kind: "scan", payload: payload, runAt: Date(timeIntervalSinceNow: -1), priority: 5))
            #expect(try await q.getJob(id: id)?.payload == payload)
            #expect(try await q.jobPayloadField(id: id) == "u-1")
            let claimed = try #require(try await q.claimJob(worker: "w1"))
            #expect(claimed.id == id && claimed.state == .running && claimed.attempts == 1 && claimed.lockedBy == "w1")
            #expect(try await q.claimJob(worker: "w2") == nil)
            let failed = try #require(try await q.failJob(error: "boom", backoffSeconds: 0.5, id: id))
            #expect(failed.state == .queued && failed.attempts == 1)
            #expect(try await q.jobErrors(kind: "scan").map(\.lastError) == ["boom"])
            try await q.rescheduleJob(runAt: Date(timeIntervalSinceNow: -5), id: id)
            _ = try #require(try await q.claimJob(worker: "w1"))
            #expect(try await q.completeJob(id: id, lockedBy: "w2") == 0)
            #expect(try await q.completeJob(id: id, lockedBy: "w1") == 1)
            #expect(try await q.jobsByState(state: .done).map(\.id) == [id])
            #expect(try await q.countJobsByState().map(\.jobs) == [1])
            #expect(try await q.filterJobs(kind: nil, state: nil, maxRows: 10).count == 1)
            #expect(try await q.filterJobs(kind: "scan", state: .queued, maxRows: 10).isEmpty)
            #expect(try await q.filterJobs(kind: "scan", state: .done, maxRows: 10).map(\.id) == [id])
            #expect(try await q.retryFailedJobs(kinds: ["scan"]) == 0)
            #expect(try await q.oldestQueuedJob() == nil)
            #expect(try await q.jobsWithEvents(id: id).first?.eventName == nil)
            #expect(try await q.deleteFinishedJobs(createdAt: Date(timeIntervalSinceNow: 60)) == 1)
        }
    }

    @Test func eventsAndWorkers() async throws {
        try await CorpusSchema.withQueries { q in
            let job = try #require(try await q.enqueueJob(kind: "k", payload: .object([:]), runAt: Date(), priority: 0))
            let happened = Date(timeIntervalSince1970: 1_700_000_000.5)
            let event = UUID()
            try await q.recordEvent(
                id: event, jobID: job, name: "started", data: Data([9, 8]), amount: Decimal(string: "0.001"), happenedAt: happened)
            try await q.recordEvent(
                id: UUID(), jobID: nil, name: "orphan", data: nil, amount: nil, happenedAt: happened.addingTimeInterval(1))
            let events = try await q.eventsOfJob(jobID: job)
            #expect(
                events.count == 1 && events[0].data == Data([9, 8]) && events[0].amount == Decimal(string: "0.001")
                    && events[0].happenedAt == happened)
            #expect(try await q.eventAmountTotal(name: "started") == Decimal(string: "0.001"))
            #expect(try await q.eventAmountTotal(name: "orphan") == nil)
            #expect(try await q.eventNames() == ["orphan", "started"])
            #expect(try await q.latestEvent()?.name == "orphan")
            #expect(try await q.eventData(id: event) == Data([9, 8]))
            #expect(try await q.eventsBetween(since: happened, until: happened.addingTimeInterval(0.5)) == [event])
            #expect(try await q.jobsWithEvents(id: job).first?.eventName == "started")

            let worker = try #require(try await q.upsertWorker(name: "w1", heartbeat: Date(timeIntervalSinceNow: -120), capacity: 2))
            #expect(worker.capacity == 2)
            #expect(try await q.staleWorkers() == ["w1"])
            #expect(try await q.upsertWorker(name: "w1", heartbeat: Date(), capacity: 3)?.capacity == 3)
            #expect(try await q.workerCapacity() == 3)
            _ = try await q.claimJob(worker: "w1")
            #expect(try await q.workerJobs().map(\.jobID) == [job])
            #expect(try await q.removeWorker(name: "w1") == 1)
            #expect(try await q.workerCapacity() == nil)
        }
    }
}
