import Database
import Foundation
import Jobs
import Logging
import Storage

/// The presigned flow's processing step (the original service ran it in a Lambda): copies `temp/…` to
/// `dest/{user_id}/{file_id}/{file_name}`, reads it back once for its SHA-256 (the bytes never passed
/// through this service), deletes the temp object, and moves the upload `uploaded` → `processing` →
/// `completed` (`error` with `details` after the last attempt). Each step is safe to repeat: a finished upload is left alone, a copy whose source is
/// already gone is accepted when the destination holds the expected bytes.
public struct ProcessUploadProcessor: JobProcessor {
    public var kind: JobKind { .processUpload }

    let queries: Queries
    let store: any ObjectStore
    let records: FileRecords
    let testDelayMilliseconds: Int
    let logger: Logger

    public init(queries: Queries, store: any ObjectStore, records: FileRecords, testDelayMilliseconds: Int = 0, logger: Logger) {
        self.queries = queries
        self.store = store
        self.records = records
        self.testDelayMilliseconds = testDelayMilliseconds
        self.logger = logger
    }

    public func run(_ job: Job) async throws -> JobCommit? {
        guard let payload = ProcessUploadPayload(job.payload) else { throw JobFailure.permanent("malformed process_upload payload") }
        let records = self.records
        guard let upload = try await queries.getUpload(id: payload.fileID) else { return nil }  // deleted meanwhile
        switch upload.status {
        case .uploaded:
            _ = try await records.apply(.processingStarted, to: payload.fileID, details: nil)
        case .processing:
            break  // an earlier attempt got this far
        default:
            return nil  // completed, failed or gone: nothing left to do
        }
        if testDelayMilliseconds > 0 { try await Task.sleep(nanoseconds: UInt64(testDelayMilliseconds) * 1_000_000) }

        let size: Int64
        if let source = try await store.headObject(key: payload.keyPath) {
            if let expected = upload.expectedSizeBytes, source.size != expected {
                // Replaced through a still-valid presigned PUT after the confirm checked it.
                throw JobFailure.permanent(
                    "the uploaded object changed size after confirmation (\(source.size) bytes, \(expected) expected)")
            }
            try await store.copyObject(from: payload.keyPath, to: payload.destPath)
            size = source.size
        } else if let copied = try await store.headObject(key: payload.destPath),
            upload.expectedSizeBytes == nil || copied.size == upload.expectedSizeBytes
        {
            size = copied.size  // copied and deleted by an earlier attempt
        } else {
            throw JobFailure.permanent("the uploaded object \(payload.keyPath) is gone")
        }
        let digest = try await StoredObjectDigest.read(key: payload.destPath, from: store)
        guard digest.size == size else {
            throw JobFailure.permanent("the processed object has \(digest.size) bytes, \(size) expected")
        }
        try await store.deleteObject(key: payload.keyPath)
        return { q in
            _ = try await records.finishProcessing(payload.fileID, storageKey: payload.destPath, size: size, sha256: digest.sha256, in: q)
        }
    }

    public func failed(_ job: Job, message: String, in queries: Queries) async throws {
        guard let payload = ProcessUploadPayload(job.payload) else { return }
        guard let upload = try await queries.lockUpload(id: payload.fileID), upload.status != .error,
            FileLifecycle.status(after: .failed, from: upload.status) != nil
        else { return }
        _ = try await records.apply(.failed, to: payload.fileID, details: "processing failed: \(message)", in: queries)
    }
}
