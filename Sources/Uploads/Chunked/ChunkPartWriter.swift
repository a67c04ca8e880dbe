import Logging
import NIOCore
import Storage

/// Streams one chunk into its slot of the session's multipart upload (see `ChunkPartLayout`): bytes
/// collect in one buffer; once it holds a piece plus the held-back bytes, the piece goes out as a part
/// while later bytes still arrive. At the end the rest (at least the store's minimum part size) is the
/// chunk's last part. A chunk that ends smaller without having sent a part is stored as a temporary
/// object instead. Memory is reserved from the shared `BufferBudget` once, when the first byte arrives.
///
/// Used by one task at a time: `write` each piece of the body, then `finish`, or `abort` on failure.
final class ChunkPartWriter {
    typealias MultipartUpload = (key: String, uploadID: String)

    private let store: any ObjectStore
    private let plan: ChunkPartPlan
    private let firstPartNumber: Int
    private let budget: BufferBudget
    private let reservation: Int
    private let bufferCapacity: Int
    private let temporaryKey: String
    /// The session's multipart upload, created on first use by whoever gets there first.
    private let sessionUpload: () async throws -> MultipartUpload
    private var upload: MultipartUpload?
    private var reserved = false
    private var buffer: ByteBuffer?
    private var inFlight: [Task<CompletedPart, any Error>] = []
    private var sentParts: [CompletedPart] = []

    /// Parts started so far (sent, in flight or failed).
    private(set) var partsStarted = 0
    private(set) var bytesWritten: Int64 = 0

    /// - Parameters:
    ///   - plan: the chunk's pieces, from the most bytes it can have (the request's length).
    ///   - temporaryKey: where a chunk too small for a part is stored.
    init(
        store: any ObjectStore, plan: ChunkPartPlan, chunkIndex: Int, budget: BufferBudget,
        temporaryKey: String, sessionUpload: @escaping () async throws -> MultipartUpload
    ) {
        precondition(chunkIndex < ChunkPartLayout.chunksWithParts, "chunk \(chunkIndex) has no part numbers")
        self.store = store
        self.plan = plan
        self.firstPartNumber = chunkIndex * ChunkPartLayout.partsPerChunk + 1
        self.budget = budget
        self.reservation = plan.reservation
        self.bufferCapacity = Int(min(Int64(plan.bufferSize), max(1, plan.upperBound)))
        self.temporaryKey = temporaryKey
        self.sessionUpload = sessionUpload
    }

    func write(_ chunk: ByteBuffer) async throws {
        var chunk = chunk
        try await reserveIfNeeded()
        while chunk.readableBytes > 0 {
            if buffer!.readableBytes >= plan.bufferSize {
                // The slot's last part can't grow past one buffer (the request said it would fit).
                guard partsStarted < ChunkPartLayout.partsPerChunk - 1 else {
                    throw UploadError.fileTooLarge(limit: plan.largestChunk)
                }
                try await sendPiece()
            }
            var slice = chunk.readSlice(length: min(plan.bufferSize - buffer!.readableBytes, chunk.readableBytes))!
            bytesWritten += Int64(slice.readableBytes)
            buffer!.writeBuffer(&slice)
        }
    }

    /// Sends the rest as the chunk's last part (or stores a small chunk as a temporary object) and
    /// returns where the chunk is.
    func finish() async throws -> StoredChunk {
        try await reserveIfNeeded()
        let rest = buffer!
        if partsStarted == 0 && rest.readableBytes < plan.holdback {
            try await store.putObject(key: temporaryKey, body: rest, contentType: "application/octet-stream")
            await releaseReservation()
            return .object(key: temporaryKey, size: bytesWritten)
        }
        let upload = try await multipartUpload()
        let number = firstPartNumber + partsStarted
        partsStarted += 1
        let last = try await store.uploadPart(key: upload.key, uploadID: upload.uploadID, partNumber: number, body: rest)
        for part in inFlight { sentParts.append(try await part.value) }
        inFlight.removeAll()
        sentParts.append(last)
        sentParts.sort { $0.partNumber < $1.partNumber }
        await releaseReservation()
        return .parts(sentParts, size: bytesWritten)
    }

    /// Stops sending and returns the memory. Parts already stored stay in the session's multipart
    /// upload, unlisted (S3 drops parts that `CompleteMultipartUpload` doesn't name).
    func abort(logger: Logger) async {
        for part in inFlight { part.cancel() }
        for part in inFlight {
            do { _ = try await part.value } catch { logger.debug("chunk part failed", metadata: ["error": "\(error)"]) }
        }
        inFlight.removeAll()
        await releaseReservation()
    }

    /// Copies the buffer's first piece into a part of its own and sends it; the held-back bytes move
    /// to the front of the buffer. At most `partsInFlight` parts are outstanding (their memory is part
    /// of the reservation).
    private func sendPiece() async throws {
        let upload = try await multipartUpload()
        if inFlight.count >= plan.partsInFlight {
            sentParts.append(try await inFlight.removeFirst().value)
        }
        let pieceSize = plan.pieceSize
        var part = ByteBufferAllocator().buffer(capacity: pieceSize)
        buffer!.readWithUnsafeReadableBytes { bytes in
            part.writeBytes(UnsafeRawBufferPointer(rebasing: bytes.prefix(pieceSize)))
            return pieceSize
        }
        buffer!.discardReadBytes()
        let number = firstPartNumber + partsStarted
        partsStarted += 1
        let store = store
        inFlight.append(
            Task {
                try await store.uploadPart(key: upload.key, uploadID: upload.uploadID, partNumber: number, body: part)
            })
    }

    private func multipartUpload() async throws -> MultipartUpload {
        if let upload { return upload }
        let created = try await sessionUpload()
        upload = created
        return created
    }

    private func reserveIfNeeded() async throws {
        guard !reserved else { return }
        try await budget.reserve(reservation)
        reserved = true
        buffer = ByteBufferAllocator().buffer(capacity: bufferCapacity)
    }

    private func releaseReservation() async {
        buffer = nil
        guard reserved else { return }
        reserved = false
        await budget.release(reservation)
    }
}
