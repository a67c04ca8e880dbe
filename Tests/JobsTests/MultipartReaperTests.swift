import AsyncHTTPClient
import Database
import Foundation
import Jobs
import Logging
import PostgresNIO
import S3Client
import Storage
import TestSupport
import Testing
import Uploads

@Suite("Multipart reaper against PostgreSQL and RGW", .enabled(if: TestServices.postgresAndRGWAvailable))
struct MultipartReaperTests {
    @Test func oldMultipartUploadsOfActiveUploadsSurviveWhileOrphansAreAborted() async throws {
        try await ScratchDatabase.withQueries { client, queries in
            try await ScratchBucket.withStore { store in
                try await Self.sweepSparesOwnedUploads(client, queries, store: store)
            }
        }
    }

    /// Every kind of owner, plus an orphan, each with a multipart upload older than the limit; the reaper
    /// aborts exactly the ones nobody owns any more.
    static func sweepSparesOwnedUploads(_ client: PostgresClient, _ queries: Queries, store: some MultipartListingStore) async throws {
        // A tus upload the client is still resuming: its multipart upload is as old as any orphan.
        let activeTus = try await tusUpload(queries, store: store, expiresIn: 3600)
        // A tus upload past its expiry: nothing protects it any more (the tus reaper may be off).
        let expiredTus = try await tusUpload(queries, store: store, expiresIn: -60)
        // A chunk session still receiving chunks, and one idle past its expiry.
        let activeSession = try await chunkSession(client, queries, store: store, idleSeconds: 10)
        let idleSession = try await chunkSession(client, queries, store: store, idleSeconds: 7200)
        // A streaming upload still `uploading` (the stale-upload reaper owns it).
        let streamingID = UUID()
        _ = try await queries.createUpload(
            id: streamingID, userID: "u", fileName: "s.bin", contentType: "application/octet-stream",
            storageKey: "u/\(streamingID)/s.bin")
        let streaming = try await store.createMultipartUpload(key: "u/\(streamingID)/s.bin", contentType: nil)
        try await queries.setMultipartUploadID(multipartUploadID: streaming, id: streamingID)
        // Nobody knows this one: a server died before recording it.
        let orphan = try await store.createMultipartUpload(key: "u/orphan/o.bin", contentType: nil)

        try await Task.sleep(nanoseconds: 1_200_000_000)  // every upload is now older than the limit
        let settings = JobSettings(reaperInterval: 60, multipartMaxAge: 0, chunkedSessionIdleAge: 3600)
        let reaper = Reaper.withServiceSweeps(queries, store: store, settings: settings)
        let job = try #require(
            try await queries.enqueueJob(id: UUID(), kind: .reapUploads, payload: .object([:]), maxAttempts: 1, delaySeconds: 0))
        _ = try await reaper.run(job)

        let remaining = Set(try await store.multipartUploads(initiatedBefore: .distantFuture).map(\.uploadID))
        #expect(remaining.contains(activeTus), "an active tus upload's multipart upload survives")
        #expect(remaining.contains(activeSession), "an active chunk session's multipart upload survives")
        #expect(!remaining.contains(idleSession), "an idle chunk session's multipart upload is aborted")
        #expect(remaining.contains(streaming), "a streaming upload's multipart upload is left to the stale-upload reaper")
        #expect(!remaining.contains(expiredTus), "an expired tus upload's multipart upload is aborted")
        #expect(!remaining.contains(orphan), "an orphaned multipart upload is aborted")
    }

    /// A tus upload row owning a new multipart upload; returns the multipart upload id.
    static func tusUpload(_ queries: Queries, store: some ObjectStore, expiresIn seconds: Double) async throws -> String {
        let id = UUID()
        let key = "u/\(id.uuidString.lowercased())/t.bin"
        _ = try await queries.createTusUpload(
            id: id, userID: "u", fileName: "t.bin", contentType: "application/octet-stream",
            uploadLength: 20 * 1024 * 1024, metadata: nil, storageKey: key,
            expiresAt: Date().addingTimeInterval(seconds))
        let uploadID = try await store.createMultipartUpload(key: key, contentType: nil)
        try await queries.setTusMultipartUploadID(multipartUploadID: uploadID, id: id)
        return uploadID
    }

    /// A chunk session owning a new multipart upload, last touched `idleSeconds` ago; returns the upload id.
    static func chunkSession(_ client: PostgresClient, _ queries: Queries, store: some ObjectStore, idleSeconds: Double) async throws
        -> String
    {
        let id = UUID()
        let key = "u/\(id.uuidString.lowercased())/c.bin"
        _ = try await queries.createChunkedUploadSession(id: id, userID: "u", fileName: "c.bin", mainServiceFileID: nil)
        let uploadID = try await store.createMultipartUpload(key: key, contentType: nil)
        try await client.query(
            """
            UPDATE chunked_upload_sessions
            SET storage_key = \(key), multipart_upload_id = \(uploadID), updated_at = now() - \(idleSeconds) * interval '1 second'
            WHERE id = \(id)
            """)
        return uploadID
    }
}

/// The same sweep on the local backend, whose multipart uploads are folders on disk.
@Suite("Multipart reaper against PostgreSQL and a local store", .enabled(if: TestServices.postgresAvailable))
struct LocalMultipartReaperTests {
    @Test func oldMultipartUploadsOfActiveUploadsSurviveWhileOrphansAreAborted() async throws {
        try await ScratchDatabase.withQueries { client, queries in
            try await ScratchFolder.withLocalStore { store in
                try await MultipartReaperTests.sweepSparesOwnedUploads(client, queries, store: store)
            }
        }
    }

    @Test func youngMultipartUploadsAreLeftAlone() async throws {
        try await ScratchDatabase.withQueries { _, queries in
            try await ScratchFolder.withLocalStore { store in
                let orphan = try await store.createMultipartUpload(key: "u/orphan/o.bin", contentType: nil)
                let settings = JobSettings(reaperInterval: 60, multipartMaxAge: 3600, chunkedSessionIdleAge: 3600)
                let reaper = Reaper.withServiceSweeps(queries, store: store, settings: settings)
                let job = try #require(
                    try await queries.enqueueJob(
                        id: UUID(), kind: .reapUploads, payload: .object([:]), maxAttempts: 1, delaySeconds: 0))
                _ = try await reaper.run(job)
                #expect(try await store.multipartUploads(initiatedBefore: .distantFuture).map(\.uploadID) == [orphan])
            }
        }
    }
}
