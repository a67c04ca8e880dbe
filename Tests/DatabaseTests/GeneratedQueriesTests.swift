import Foundation
import PostgresNIO
import TestSupport
import Testing

@testable import Database

/// The generated queries (sql/queries/uploadFile.sql) against a real server.
@Suite(.enabled(if: TestServices.postgresAvailable, "needs TEST_DATABASE_URL"))
struct GeneratedQueriesTests {
    @Test func uploadsRoundTrip() async throws {
        try await ScratchDatabase.withClient { client in
            try await Migrator(client: client, logger: ScratchDatabase.logger).migrate()
            let queries = Queries(client: client, logger: ScratchDatabase.logger)
            let id = UUID()
            let before = Date()

            let created = try #require(
                try await queries.createUpload(
                    id: id, userID: "alice", fileName: "report.pdf", contentType: "application/pdf", storageKey: "alice/\(id)"))
            #expect(created.id == id)
            #expect(created.userID == "alice")
            #expect(created.status == .uploading)
            #expect(created.sizeBytes == nil)
            #expect(created.completedAt == nil)
            #expect(abs(created.createdAt.timeIntervalSince(before)) < 60)

            try await queries.setMultipartUploadID(multipartUploadID: "mpu-1", id: id)
            #expect(try await queries.getUploadForUser(id: id, userID: "alice")?.multipartUploadID == "mpu-1")
            try await queries.setMultipartUploadID(multipartUploadID: nil, id: id)
            #expect(try await queries.getUploadForUser(id: id, userID: "alice")?.multipartUploadID == nil)

            let completed = try #require(try await queries.completeUpload(sizeBytes: 1234, sha256: "abc", id: id))
            #expect(completed.status == .completed)
            #expect(completed.sizeBytes == 1234)
            #expect(completed.sha256 == "abc")
            #expect(completed.completedAt != nil)
            // Only an uploading row completes.
            #expect(try await queries.completeUpload(sizeBytes: 1, sha256: nil, id: id) == nil)

            #expect(try await queries.getUploadForUser(id: id, userID: "bob") == nil)
            let fetched = try #require(try await queries.getUploadForUser(id: id, userID: "alice"))
            #expect(fetched == completed)

            let listed = try await queries.listUploadsForUser(userID: "alice", pageSize: 10)
            #expect(listed.map(\.id) == [id])
            let after = try await queries.listUploadsForUserBefore(
                userID: "alice", beforeCreatedAt: fetched.createdAt.addingTimeInterval(1), beforeID: id, pageSize: 10)
            #expect(after.map(\.id) == [id])
            let none = try await queries.listUploadsForUserBefore(
                userID: "alice", beforeCreatedAt: fetched.createdAt.addingTimeInterval(-1), beforeID: id, pageSize: 10)
            #expect(none.isEmpty)

            #expect(try await queries.markUploadDeleted(id: id, userID: "bob") == 0)
            #expect(try await queries.markUploadDeleted(id: id, userID: "alice") == 1)
            #expect(try await queries.getUploadForUser(id: id, userID: "alice")?.status == .deleted)
            #expect(try await queries.deleteUpload(id: id) == 1)
            #expect(try await queries.deleteUpload(id: id) == 0)
            #expect(try await queries.getUploadForUser(id: id, userID: "alice") == nil)
        }
    }

    @Test func enumValuesBindAndDecode() async throws {
        try await ScratchDatabase.withClient { client in
            try await Migrator(client: client, logger: ScratchDatabase.logger).migrate()
            let id = UUID()
            // Bound without a type, the server reads the parameter as upload_status (text would be refused).
            try await client.query(
                """
                INSERT INTO uploads (id, user_id, file_name, storage_key, status)
                VALUES (\(id), 'alice', 'a', 'k', \(UploadStatus.processing))
                """, logger: ScratchDatabase.logger)
            let rows = try await client.query(
                "SELECT status, ARRAY[status, 'error'] FROM uploads WHERE status = \(UploadStatus.processing)",
                logger: ScratchDatabase.logger)
            var decoded: [(UploadStatus, [UploadStatus])] = []
            for try await row in rows.decode((UploadStatus, [UploadStatus]).self) { decoded.append(row) }
            #expect(decoded.count == 1)
            #expect(decoded.first?.0 == .processing)
            #expect(decoded.first?.1 == [.processing, .error])

            // Arrays of enums go as text literals (what generated code does for `= ANY(@statuses)`).
            let statuses = PostgresEnumArray(elements: [UploadStatus.processing, .error])
            let matching = try await client.query(
                "SELECT count(*) FROM uploads WHERE status = ANY(\(statuses))", logger: ScratchDatabase.logger)
            for try await count in matching.decode(Int64.self) { #expect(count == 1) }
            let none = PostgresEnumArray(elements: [UploadStatus.pending])
            let empty = try await client.query(
                "SELECT count(*) FROM uploads WHERE status = ANY(\(none))", logger: ScratchDatabase.logger)
            for try await count in empty.decode(Int64.self) { #expect(count == 0) }
        }
    }

    @Test func queriesRunInsideATransaction() async throws {
        try await ScratchDatabase.withClient { client in
            try await Migrator(client: client, logger: ScratchDatabase.logger).migrate()
            let queries = Queries(client: client, logger: ScratchDatabase.logger)
            let id = UUID()
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await queries.withTransaction { transaction in
                    _ = try await transaction.createUpload(
                        id: id, userID: "alice", fileName: "a", contentType: "text/plain", storageKey: "k")
                    #expect(try await transaction.getUploadForUser(id: id, userID: "alice") != nil)
                    throw Abort()
                }
            }
            #expect(try await queries.getUploadForUser(id: id, userID: "alice") == nil)

            try await client.withTransaction(logger: ScratchDatabase.logger) { connection in
                let transaction = Queries(connection: connection, logger: ScratchDatabase.logger)
                _ = try await transaction.createUpload(id: id, userID: "alice", fileName: "a", contentType: "text/plain", storageKey: "k")
            }
            #expect(try await queries.getUploadForUser(id: id, userID: "alice")?.fileName == "a")
        }
    }
}
