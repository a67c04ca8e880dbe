import Crypto
import Database
import Foundation
import Logging
import NIOCore
import Storage

extension TusUploadService {
    /// Past this many parts, PATCH ends keep leftovers in the tail object so that full-size parts leave
    /// room under S3's 10,000-part limit.
    static let maximumEarlyParts = 5_000

    /// What a PATCH brings besides its body.
    public struct Patch: Sendable {
        public var offset: Int64
        /// `Upload-Length` sent on a PATCH of a deferred-length upload.
        public var declaredLength: Int64?
        public var checksum: TusChecksum?

        public init(offset: Int64, declaredLength: Int64? = nil, checksum: TusChecksum? = nil) {
            self.offset = offset
            self.declaredLength = declaredLength
            self.checksum = checksum
        }
    }

    /// Appends a PATCH body at `patch.offset`. Concurrent PATCHes on one upload wait for each other on a
    /// PostgreSQL advisory lock (held by this PATCH's transaction), whichever instance they reach.
    ///
    /// With `Upload-Checksum`, nothing is kept unless the whole body matches. Without it, a body that
    /// breaks off keeps the bytes received so far, so the client resumes from there (tus core).
    public func append<Body: AsyncSequence>(userID: String, id: UUID, patch: Patch, body: Body) async throws -> TusUpload
    where Body.Element == ByteBuffer {
        try await queries.withTransaction { transaction in
            try await transaction.lockTusUpload(lockKey: Self.lockKey(id))
            guard let upload = try await transaction.getTusUpload(id: id, userID: userID) else { throw TusError.notFound }
            guard upload.fileID == nil else { throw TusError.alreadyComplete }
            guard upload.expiresAt >= Date() else { throw TusError.expired }
            guard patch.offset == upload.uploadOffset else { throw TusError.offsetMismatch(expected: upload.uploadOffset) }
            var length = upload.uploadLength
            if let declared = patch.declaredLength {
                if let length, length != declared {
                    throw TusError.invalidHeader(name: "Upload-Length", reason: "differs from the upload's length \(length)")
                }
                guard declared >= upload.uploadOffset else {
                    throw TusError.invalidHeader(name: "Upload-Length", reason: "is smaller than the offset \(upload.uploadOffset)")
                }
                guard declared <= maximumSize else { throw TusError.tooLarge(limit: maximumSize) }
                length = declared
            }
            return try await write(upload, length: length, patch: patch, body: body, transaction: transaction)
        }
    }

    private func write<Body: AsyncSequence>(
        _ upload: TusUpload, length: Int64?, patch: Patch, body: Body, transaction: Queries
    ) async throws -> TusUpload where Body.Element == ByteBuffer {
        let partSize = settings.partSize
        let limit = length ?? maximumSize
        let budget = self.budget
        var buffer = try await budget.takeBuffer(capacity: partSize)
        defer {
            let spent = buffer
            Task { await budget.recycle(spent, reserved: partSize) }
        }
        if let tail = upload.tailKey {
            for try await piece in try await store.getObject(key: tail, range: nil).body {
                var piece = piece
                buffer.writeBuffer(&piece)
            }
        }
        var parts = TusPartList.decode(upload.parts)
        var uploadID = upload.multipartUploadID
        var hasher = patch.checksum?.makeHasher()
        var received: Int64 = 0
        var bodyBroke = false
        var iterator = body.makeAsyncIterator()
        while true {
            let next: ByteBuffer?
            do {
                next = try await iterator.next()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                bodyBroke = true
                break
            }
            guard var chunk = next else { break }
            guard upload.uploadOffset + received + Int64(chunk.readableBytes) <= limit else { throw TusError.tooLarge(limit: limit) }
            hasher?.update(chunk)
            received += Int64(chunk.readableBytes)
            while chunk.readableBytes > 0 {
                if buffer.readableBytes == partSize {
                    let id = try await multipartUpload(upload, existing: uploadID)
                    uploadID = id
                    let part = try await store.uploadPart(key: upload.storageKey, uploadID: id, partNumber: parts.count + 1, body: buffer)
                    parts.append(part)
                    buffer.clear()
                }
                var slice = chunk.readSlice(length: min(partSize - buffer.readableBytes, chunk.readableBytes))!
                buffer.writeBuffer(&slice)
            }
        }
        if let checksum = patch.checksum {
            // A broken body can't be verified: keep nothing, like a mismatch.
            guard !bodyBroke, hasher!.finalize() == checksum.expected else { throw TusError.checksumMismatch }
        }
        let newOffset = upload.uploadOffset + received
        if let length, newOffset == length {
            return try await finish(upload, buffer: buffer, parts: parts, uploadID: uploadID, size: newOffset, transaction: transaction)
        }
        // Enough bytes for a part (S3 allows parts of any size ≥ 5 MiB but the last): send them now
        // rather than parking them in a tail object that the next PATCH reads back.
        if buffer.readableBytes >= store.minimumPartSize, parts.count < Self.maximumEarlyParts {
            let id = try await multipartUpload(upload, existing: uploadID)
            uploadID = id
            parts.append(try await store.uploadPart(key: upload.storageKey, uploadID: id, partNumber: parts.count + 1, body: buffer))
            buffer.clear()
        }
        var tailKey: String?
        if buffer.readableBytes > 0 {
            let key = ".tmp/tus/\(upload.id.uuidString.lowercased())/\(newOffset)"
            if key != upload.tailKey { try await store.putObject(key: key, body: buffer, contentType: nil) }
            tailKey = key
        }
        guard
            let saved = try await transaction.saveTusProgress(
                newOffset: newOffset, uploadLength: length, parts: TusPartList.encode(parts), tailKey: tailKey,
                tailBytes: Int64(buffer.readableBytes), expiresAt: Date().addingTimeInterval(expiresAfter),
                id: upload.id, expectedOffset: upload.uploadOffset)
        else { throw TusError.offsetMismatch(expected: upload.uploadOffset) }
        try await records.touch(upload.id, in: transaction)
        if let old = upload.tailKey, old != tailKey { try? await store.deleteObject(key: old) }
        return saved
    }

    /// The upload's multipart upload, created (and its id committed at once) on first use.
    private func multipartUpload(_ upload: TusUpload, existing: String?) async throws -> String {
        if let existing { return existing }
        let created = try await store.createMultipartUpload(key: upload.storageKey, contentType: upload.contentType)
        try await queries.setTusMultipartUploadID(multipartUploadID: created, id: upload.id)
        return created
    }

    /// The final byte arrived: store the object, hash it back, complete the `uploads` row.
    private func finish(
        _ upload: TusUpload, buffer: ByteBuffer, parts: [CompletedPart], uploadID: String?, size: Int64, transaction: Queries
    ) async throws -> TusUpload {
        var parts = parts
        if parts.isEmpty {
            try await store.putObject(key: upload.storageKey, body: buffer, contentType: upload.contentType)
            if let uploadID { try? await store.abortMultipartUpload(key: upload.storageKey, uploadID: uploadID) }
        } else {
            let id = try await multipartUpload(upload, existing: uploadID)
            if buffer.readableBytes > 0 {
                parts.append(try await store.uploadPart(key: upload.storageKey, uploadID: id, partNumber: parts.count + 1, body: buffer))
            }
            try await store.completeMultipartUpload(key: upload.storageKey, uploadID: id, parts: parts)
        }
        let digest = try await StoredObjectDigest.read(key: upload.storageKey, from: store).sha256
        do {
            guard try await records.complete(upload.id, size: size, sha256: digest, in: transaction) != nil else { throw TusError.expired }
        } catch is FileLifecycleError {
            // The `uploads` row is gone or was expired by the reaper: the upload can't be finished.
            throw TusError.expired
        }
        guard let finished = try await transaction.finishTusUpload(newOffset: size, fileID: upload.id, id: upload.id) else {
            throw TusError.notFound
        }
        if let tail = upload.tailKey { try? await store.deleteObject(key: tail) }
        logger.info("tus upload completed", metadata: ["file_id": "\(upload.id)", "size": "\(size)", "parts": "\(parts.count)"])
        return finished
    }
}
