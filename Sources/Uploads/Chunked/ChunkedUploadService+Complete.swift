import Database
import Foundation
import NIOCore
import Storage

extension ChunkedUploadService {
    /// Checks that chunks 0..<`totalChunks` are all there, makes the file from them, records the
    /// `uploads` row (size and SHA-256 of the whole file) and removes the temporary objects and parts.
    public func complete(userID: String, sessionID: UUID, totalChunks: Int, mainServiceFileID: Int64?) async throws -> Upload {
        guard (1...Self.maximumChunkCount).contains(totalChunks) else {
            throw ChunkedUploadError.invalidField(name: "total_chunks", reason: "must be between 1 and \(Self.maximumChunkCount)")
        }
        // The session row stays locked until the file is recorded: a second `complete` waits, then
        // finds the session completed (409) instead of assembling another copy.
        let outcome: (Upload, [ChunkedUploadChunk], ChunkedUploadSession)
        do {
            outcome = try await queries.withTransaction { transaction in
                guard let session = try await transaction.lockChunkedUploadSession(id: sessionID, userID: userID) else {
                    throw ChunkedUploadError.sessionNotFound
                }
                guard session.fileID == nil else { throw ChunkedUploadError.alreadyCompleted }
                let chunks = try await transaction.listChunks(sessionID: sessionID)
                let present = Set(chunks.map { Int($0.chunkIndex) })
                let missing = (0..<totalChunks).filter { !present.contains($0) }
                guard missing.isEmpty else { throw ChunkedUploadError.missingChunks(missing) }
                let extra = chunks.map { Int($0.chunkIndex) }.filter { $0 >= totalChunks }
                guard extra.isEmpty else { throw ChunkedUploadError.unexpectedChunks(extra) }
                let total = chunks.reduce(Int64(0)) { $0 + $1.sizeBytes }
                guard total <= settings.maximumUploadBytes else { throw UploadError.fileTooLarge(limit: settings.maximumUploadBytes) }
                let record: (Upload) async throws -> Void = { upload in
                    try await transaction.setChunkedUploadFile(fileID: upload.id, id: sessionID)
                    // The announcement is queued with the session's change (outbox); a job delivers it signed.
                    if let callback {
                        let event = ChunkedCompletionEvent(
                            base: WebhookEvent(upload: upload), mainServiceFileID: mainServiceFileID ?? session.mainServiceFileID,
                            uploadSessionID: sessionID.uuidString.lowercased())
                        try await records.announce(event, to: callback, in: transaction)
                    }
                }
                let upload = try await assemble(chunks, session: session, userID: userID, expectedSize: total, record: record)
                return (upload, chunks, session)
            }
        } catch ChunkAssemblyError.chunksOverwritten(let indexes) {
            // After the rollback: a failed resend overwrote these chunks' parts.
            for index in indexes { try await queries.deletePartChunk(sessionID: sessionID, chunkIndex: Int32(index)) }
            throw ChunkedUploadError.missingChunks(indexes)
        } catch ChunkAssemblyError.partsLost(let underlying) {
            // After the rollback: the multipart upload is gone (completed, then the file failed). Its
            // chunks must be sent again, and `complete` names them missing until they are.
            try await queries.deletePartChunks(sessionID: sessionID)
            try await queries.clearChunkedUploadMultipartUpload(id: sessionID)
            throw underlying
        }
        let (upload, chunks, session) = outcome
        await removeChunks(chunks, sessionID: sessionID)
        if chunks.allSatisfy({ $0.parts.isEmpty }), let key = session.storageKey, let uploadID = session.multipartUploadID {
            // Every chunk that was parts got replaced by a temporary one: the upload is unused.
            try? await store.abortMultipartUpload(key: key, uploadID: uploadID)
        }
        logger.info(
            "chunked upload completed",
            metadata: [
                "session": "\(sessionID)", "file_id": "\(upload.id)", "chunks": "\(chunks.count)",
                "part_chunks": "\(chunks.filter { !$0.parts.isEmpty }.count)",
                "main_service_file_id": "\(mainServiceFileID ?? session.mainServiceFileID ?? -1)",
            ])
        return upload
    }

    /// Makes the file the cheapest way the chunks allow; `record` runs last, with the completed row.
    private func assemble(
        _ chunks: [ChunkedUploadChunk], session: ChunkedUploadSession, userID: String, expectedSize: Int64,
        record: (Upload) async throws -> Void
    ) async throws -> Upload {
        guard chunks.contains(where: { !$0.parts.isEmpty }) else {
            return try await stream(chunks, staging: nil, session: session, userID: userID, record: record)
        }
        guard let key = session.storageKey, let uploadID = session.multipartUploadID else {
            throw ChunkAssemblyError.partsLost(ChunkAssemblyError.missingMultipartUpload)
        }
        let listed = chunks.flatMap { TusPartList.decode($0.parts) }
        var stored: [StoredPart]?
        if session.staleParts {
            // Parts that no chunk lists any more may be stored; some stores refuse to complete without them.
            let found = try await store.listParts(key: key, uploadID: uploadID)
            let etags = Dictionary(found.map { ($0.partNumber, Self.normalized($0.etag)) }, uniquingKeysWith: { $1 })
            let overwritten = chunks.filter { chunk in
                TusPartList.decode(chunk.parts).contains { etags[$0.partNumber] != Self.normalized($0.etag) }
            }
            guard overwritten.isEmpty else { throw ChunkAssemblyError.chunksOverwritten(overwritten.map { Int($0.chunkIndex) }) }
            if found.count != listed.count { stored = found }
        }
        if stored == nil, isRegular(chunks) {
            return try await completeInPlace(
                chunks, session: session, key: key, uploadID: uploadID, expectedSize: expectedSize, record: record)
        }
        // A small chunk between parts, or unlisted parts: every stored part becomes a staging object
        // (under the final key, which the multipart upload was made for), read back in the chunks' ranges
        // between the temporary chunks.
        let parts = stored ?? listed.map { StoredPart(partNumber: $0.partNumber, etag: $0.etag, size: 0) }
        try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts.map(\.completed))
        do {
            let ranges = Self.stagingRanges(of: chunks, stored: stored)
            let upload = try await stream(chunks, staging: (key, ranges), session: session, userID: userID, record: record)
            try? await store.deleteObject(key: key)
            return upload
        } catch {
            let store = store
            await Task.detached { try? await store.deleteObject(key: key) }.value
            throw ChunkAssemblyError.partsLost(error)
        }
    }

    /// Where each part chunk's bytes are in the staging object: right after the previous part chunk's
    /// when only listed parts were completed, else at its parts' offsets among all `stored` parts.
    static func stagingRanges(of chunks: [ChunkedUploadChunk], stored: [StoredPart]?) -> [Int32: [ClosedRange<Int64>]] {
        var ranges: [Int32: [ClosedRange<Int64>]] = [:]
        guard let stored else {
            var offset: Int64 = 0
            for chunk in chunks where !chunk.parts.isEmpty {
                ranges[chunk.chunkIndex] = [offset...(offset + chunk.sizeBytes - 1)]
                offset += chunk.sizeBytes
            }
            return ranges
        }
        var offsets: [Int: ClosedRange<Int64>] = [:]
        var offset: Int64 = 0
        for part in stored where part.size > 0 {
            offsets[part.partNumber] = offset...(offset + part.size - 1)
            offset += part.size
        }
        for chunk in chunks where !chunk.parts.isEmpty {
            ranges[chunk.chunkIndex] = TusPartList.decode(chunk.parts).compactMap { offsets[$0.partNumber] }
        }
        return ranges
    }

    /// ETags compared without quotes or case.
    static func normalized(_ etag: String) -> String {
        etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
    }

    /// Every chunk but the last is parts, and the last is parts too or small enough to be sent as the
    /// final part (which may be smaller than 5 MiB) from memory.
    func isRegular(_ chunks: [ChunkedUploadChunk]) -> Bool {
        guard let last = chunks.last, chunks.dropLast().allSatisfy({ !$0.parts.isEmpty }) else { return false }
        return !last.parts.isEmpty
            || (Int(last.chunkIndex) < ChunkPartLayout.chunksWithParts && last.sizeBytes <= Int64(layout.largestPiece))
    }

    /// Completes the session's multipart upload as the file itself (its id is the session's), then
    /// reads it back once for size and SHA-256. The `uploads` row exists (`uploading`) before the object.
    private func completeInPlace(
        _ chunks: [ChunkedUploadChunk], session: ChunkedUploadSession, key: String, uploadID: String, expectedSize: Int64,
        record: (Upload) async throws -> Void
    ) async throws -> Upload {
        let contentType = MediaType.guess(fileName: session.fileName)
        _ = try await records.startUploading(
            id: session.id, userID: session.userID, fileName: session.fileName, contentType: contentType, storageKey: key)
        var stored = false
        do {
            var parts = chunks.flatMap { TusPartList.decode($0.parts) }
            if let last = chunks.last, last.parts.isEmpty, last.sizeBytes > 0, let lastKey = last.storageKey {
                let number = layout.firstPartNumber(ofChunk: Int(last.chunkIndex))
                parts.append(try await uploadObjectAsPart(lastKey, size: last.sizeBytes, key: key, uploadID: uploadID, partNumber: number))
            }
            try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
            stored = true
            let (size, digest) = try await StoredObjectDigest.read(key: key, from: store)
            guard size == expectedSize else { throw ChunkAssemblyError.sizeMismatch(expected: expectedSize, stored: size) }
            guard let upload = try await records.complete(session.id, size: size, sha256: digest) else {
                throw UploadError.fileNotFound
            }
            try await record(upload)
            logger.info("file uploaded", metadata: ["file_id": "\(upload.id)", "size": "\(size)", "parts": "\(parts.count)"])
            return upload
        } catch {
            let (store, records, logger, id) = (store, records, logger, session.id)
            await Task.detached {
                do {
                    if stored { try await store.deleteObject(key: key) }
                    try await records.remove(id)
                } catch {
                    logger.error("could not clean up a failed chunked upload", metadata: ["file_id": "\(id)", "error": "\(error)"])
                }
            }.value
            throw stored ? ChunkAssemblyError.partsLost(error) : error
        }
    }

    /// Sends a temporary chunk as one part, from a buffer of the shared budget.
    private func uploadObjectAsPart(_ source: String, size: Int64, key: String, uploadID: String, partNumber: Int) async throws
        -> CompletedPart
    {
        let bytes = Int(size)
        try await budget.reserve(bytes)
        do {
            var body = ByteBufferAllocator().buffer(capacity: bytes)
            for try await piece in try await store.getObject(key: source, range: nil).body {
                var piece = piece
                body.writeBuffer(&piece)
            }
            let part = try await store.uploadPart(key: key, uploadID: uploadID, partNumber: partNumber, body: body)
            await budget.release(bytes)
            return part
        } catch {
            await budget.release(bytes)
            throw error
        }
    }

    /// Streams the chunks, in index order, into a new file through the upload pipeline (size and
    /// SHA-256 on the way): temporary chunks from their objects, part chunks from their ranges of the
    /// staging object. `record` runs last; on any failure the new object and row are removed.
    private func stream(
        _ chunks: [ChunkedUploadChunk], staging: (key: String, ranges: [Int32: [ClosedRange<Int64>]])?,
        session: ChunkedUploadSession, userID: String, record: (Upload) async throws -> Void
    ) async throws -> Upload {
        let file = try await IncomingFile(
            userID: userID, fileName: session.fileName, contentType: MediaType.guess(fileName: session.fileName),
            expectedSize: chunks.reduce(Int64(0)) { $0 + $1.sizeBytes },
            records: records, store: store, budget: budget, settings: settings, logger: logger)
        do {
            for chunk in chunks {
                var downloads: [ObjectDownload] = []
                if let key = chunk.storageKey {
                    downloads = [try await store.getObject(key: key, range: nil)]
                } else if let staging {
                    let ranges = staging.ranges[chunk.chunkIndex] ?? []
                    guard ranges.reduce(Int64(0), { $0 + Int64($1.count) }) == chunk.sizeBytes else {
                        throw ChunkAssemblyError.missingMultipartUpload
                    }
                    for range in ranges { downloads.append(try await store.getObject(key: staging.key, range: range)) }
                }
                for download in downloads {
                    for try await buffer in download.body { try await file.write(buffer) }
                }
            }
            try await file.storeObject()
            let upload = try await file.complete()
            try await record(upload)
            return upload
        } catch {
            await file.discard()
            throw error
        }
    }
}

/// Why `complete` could not make the file from stored chunks.
enum ChunkAssemblyError: Error, CustomStringConvertible {
    /// The session's multipart upload was used up (or is missing) and the file still failed: the
    /// chunks that were parts are gone.
    case partsLost(any Error)
    /// A failed resend overwrote these chunks' recorded parts: they must be sent again.
    case chunksOverwritten([Int])
    case missingMultipartUpload
    case sizeMismatch(expected: Int64, stored: Int64)

    var description: String {
        switch self {
        case .partsLost(let error): "the stored parts are gone after: \(error)"
        case .chunksOverwritten(let indexes): "the parts of chunks \(indexes) were overwritten"
        case .missingMultipartUpload: "chunks recorded as parts don't match the session's multipart upload"
        case .sizeMismatch(let expected, let stored): "the assembled object has \(stored) bytes, the chunks \(expected)"
        }
    }
}
