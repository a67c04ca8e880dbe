import Database
import Foundation
import Logging
import Storage
import Uploads

/// Seed 000's Lambda: copies `temp/…` to `dest/{user_id}/{file_id}/{file_name}`, deletes the temp
/// object, and moves the upload `uploaded` → `processing` → `completed` (`error` with `details` after the
/// last attempt). Each step is safe to repeat: a finished upload is left alone, a copy whose source is
/// already gone is accepted when the destination holds the expected bytes.
public struct ProcessUploadProcessor: JobProcessor {
    public var kind: JobKind { .processUpload }

    let queries: Queries
    let store: any ObjectStore
    let transitions: UploadTransitions
    let testDelayMilliseconds: Int
    let logger: Logger

    public init(queries: Queries, store: any ObjectStore, transitions: UploadTransitions, testDelayMilliseconds: Int = 0, logger: Logger) {
        self.queries = queries
        self.store = store
        self.transitions = transitions
        self.testDelayMilliseconds = testDelayMilliseconds
        self.logger = logger
    }

    public func run(_ job: Job) async throws -> JobCommit? {
        guard let payload = ProcessUploadPayload(job.payload) else { throw JobFailure.permanent("malformed process_upload payload") }
        let transitions = self.transitions
        guard let upload = try await queries.getUpload(id: payload.fileID) else { return nil }  // deleted meanwhile
        switch upload.status {
        case .uploaded:
            _ = try await queries.withTransaction { q in
                try await transitions.change(payload.fileID, to: .processing, details: nil, in: q)
            }
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
                throw JobFailure.permanent("the uploaded object changed size after confirmation (\(source.size) bytes, \(expected) expected)")
            }
            try await store.copyObject(from: payload.keyPath, to: payload.destPath)
            size = source.size
        } else if let copied = try await store.headObject(key: payload.destPath),
                  upload.expectedSizeBytes == nil || copied.size == upload.expectedSizeBytes {
            size = copied.size  // copied and deleted by an earlier attempt
        } else {
            throw JobFailure.permanent("the uploaded object \(payload.keyPath) is gone")
        }
        try await store.deleteObject(key: payload.keyPath)
        return { q in
            _ = try await transitions.complete(payload.fileID, storageKey: payload.destPath, sizeBytes: size, in: q)
        }
    }

    public func failed(_ job: Job, message: String, in queries: Queries) async throws {
        guard let payload = ProcessUploadPayload(job.payload) else { return }
        guard let upload = try await queries.lockUpload(id: payload.fileID),
              UploadTransitions.isAllowed(from: upload.status, to: .error), upload.status != .error else { return }
        _ = try await transitions.change(payload.fileID, to: .error, details: "processing failed: \(message)", in: queries)
    }
}
