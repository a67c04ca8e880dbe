import ServiceLifecycle
import Testing

@testable import Server

/// Background services (job workers, reapers) start only once `serve` has migrated the schema.
@Suite struct SchemaReadinessTests {
    actor StartRecorder: Service {
        private(set) var started = false
        func run() async throws { started = true }
    }

    @Test func backgroundWorkWaitsForTheSchema() async throws {
        let readiness = SchemaReadiness()
        let recorder = StartRecorder()
        let gated = Task { try await AfterSchemaReady(readiness: readiness, next: recorder).run() }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await recorder.started == false)
        await readiness.markReady()
        try await gated.value
        #expect(await recorder.started)
    }

    @Test func aShutdownBeforeTheSchemaIsReadyEndsQuietly() async throws {
        let recorder = StartRecorder()
        let gated = Task { try await AfterSchemaReady(readiness: SchemaReadiness(), next: recorder).run() }
        try await Task.sleep(for: .milliseconds(100))
        gated.cancel()
        try await gated.value
        #expect(await recorder.started == false)
    }
}
