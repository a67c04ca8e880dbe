import Logging
import NIOCore
import Storage

/// Writes a stream of bytes of unknown length into an `ObjectStore`: as one `putObject` when it fits in
/// one part, otherwise as a multipart upload whose parts are sent while later bytes still arrive, with
/// at most `maximumPartsInFlight` parts outstanding and every part buffer taken from a shared
/// `BufferBudget`. With `computesSHA256`, it also hashes the bytes, off the writer's task (each full part
/// is hashed while it is being sent).
///
/// Given the expected size of a large upload and a store that streams parts (`PartStreamingStore`), the
/// bytes up to shortly before the expected end go out as parts read while they arrive
/// (`StreamedPartWriter`), and only the rest is buffered. Should the upload end before those parts do,
/// the last one is filled up and the object is then cut to the real size on the store.
///
/// Used by one task at a time: call `write` for each chunk, then `finish`, or `abort` on any failure.
public final class ObjectUploadStream {
    public struct Result: Sendable, Equatable {
        public var size: Int64
        /// 0 when the object was stored with one `putObject`.
        public var partCount: Int
        /// Hex SHA-256 of the bytes, when asked for.
        public var sha256: String?
    }

    private let store: any ObjectStore
    private let key: String
    private let contentType: String?
    private let partSize: Int
    private let maximumPartsInFlight: Int
    private let budget: BufferBudget
    private let onMultipartUploadCreated: @Sendable (String) async throws -> Void
    private let digest: OrderedDigest?
    private let streamedParts: StreamedPartWriter?

    private var buffer: ByteBuffer?
    private var uploadID: String?
    private var inFlight: [Task<CompletedPart, any Error>] = []
    private var completedParts: [CompletedPart] = []
    private var nextPartNumber = 1
    private var size: Int64 = 0

    /// - Parameter onMultipartUploadCreated: called with the upload id before the first part is sent,
    ///   so the caller can record it (and abort it later if this process dies).
    /// - Parameter computesSHA256: fill `Result.sha256`.
    /// - Parameter expectedSize: the size the upload most likely has (it may end up a little shorter or
    ///   longer); with `streamedPartSize`, enables streamed parts of that size.
    public init(
        store: any ObjectStore,
        key: String,
        contentType: String?,
        partSize: Int,
        maximumPartsInFlight: Int,
        budget: BufferBudget,
        computesSHA256: Bool = false,
        expectedSize: Int64? = nil,
        streamedPartSize: Int? = nil,
        onMultipartUploadCreated: @escaping @Sendable (String) async throws -> Void = { _ in }
    ) {
        precondition(partSize >= store.minimumPartSize, "parts must be at least the store's minimum part size")
        self.store = store
        self.key = key
        self.contentType = contentType
        self.partSize = partSize
        self.maximumPartsInFlight = max(1, maximumPartsInFlight)
        self.budget = budget
        self.onMultipartUploadCreated = onMultipartUploadCreated
        let digest = computesSHA256 ? OrderedDigest() : nil
        self.digest = digest
        if let expectedSize, let streamedPartSize, let streaming = store as? any PartStreamingStore, streaming.streamsParts,
            let plan = StreamedPartPlan(
                expectedSize: expectedSize, partSize: Int64(streamedPartSize),
                minimumPartSize: Int64(store.minimumPartSize), heldBack: Self.heldBackBytes,
                singleRequestLimit: Int64(partSize))
        {
            streamedParts = StreamedPartWriter(store: streaming, key: key, plan: plan, digest: digest)
            nextPartNumber = plan.partLengths.count + 1
        } else {
            streamedParts = nil
        }
    }

    /// Expected bytes left to the buffered path when parts are streamed.
    static let heldBackBytes: Int64 = 1024 * 1024

    /// Bytes written so far.
    public var bytesWritten: Int64 { size }

    public func write(_ chunk: ByteBuffer) async throws {
        var chunk = chunk
        if let streamedParts, streamedParts.remainingBytes > 0, chunk.readableBytes > 0 {
            let before = chunk.readableBytes
            try await streamedParts.write(&chunk, uploadID: try await startMultipartUploadIfNeeded())
            size += Int64(before - chunk.readableBytes)
        }
        while chunk.readableBytes > 0 {
            if buffer == nil {
                buffer = try await budget.takeBuffer(capacity: partSize)
            } else if buffer!.readableBytes == partSize {
                // A full buffer is sent only once more bytes arrive, so a file of exactly one part
                // still goes as one putObject.
                try await sendBufferedPart()
                continue
            }
            let count = min(partSize - buffer!.readableBytes, chunk.readableBytes)
            var slice = chunk.readSlice(length: count)!
            buffer!.writeBuffer(&slice)
            size += Int64(count)
        }
    }

    /// Stores what was written and returns its size; nothing is visible under the key before this returns.
    public func finish() async throws -> Result {
        if let streamedParts, streamedParts.startedParts > 0 {
            if streamedParts.remainingBytes > 0 { return try await finishShortStream(streamedParts) }
            completedParts += try await streamedParts.finish()
        }
        guard let uploadID else {
            // The buffer stays with the stream until stored, so `abort` returns it on failure.
            let body = buffer ?? ByteBuffer()
            let hashed = digest?.add(body)
            try await store.putObject(key: key, body: body, contentType: contentType)
            _ = await hashed?.value
            if buffer != nil {
                buffer = nil
                await budget.recycle(body, reserved: partSize)
            }
            return Result(size: size, partCount: 0, sha256: await digest?.finalize())
        }
        if buffer != nil { try await sendBufferedPart() }
        for part in inFlight { completedParts.append(try await part.value) }
        inFlight.removeAll()
        completedParts.sort { $0.partNumber < $1.partNumber }
        try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: completedParts)
        self.uploadID = nil
        return Result(size: size, partCount: completedParts.count, sha256: await digest?.finalize())
    }

    /// The upload ended before its streamed parts: complete what was sent (the last part filled up with
    /// zero bytes), then cut the object to the bytes written. Removes the object when that fails.
    private func finishShortStream(_ streamedParts: StreamedPartWriter) async throws -> Result {
        let parts = try await streamedParts.finish()
        try await store.completeMultipartUpload(key: key, uploadID: uploadID!, parts: parts)
        uploadID = nil
        if streamedParts.startedBytes != size, let streaming = store as? any PartStreamingStore {
            do {
                try await streaming.truncateObject(key: key, toSize: size, contentType: contentType)
            } catch {
                try? await store.deleteObject(key: key)
                throw error
            }
        }
        return Result(size: size, partCount: parts.count, sha256: await digest?.finalize())
    }

    /// Stops sending, waits for parts in flight and discards the multipart upload. Never throws: the
    /// caller is already handling a failure, and a leftover upload is found by the reaper.
    public func abort(logger: Logger) async {
        await streamedParts?.abort()
        for part in inFlight { part.cancel() }
        for part in inFlight { _ = try? await part.value }
        inFlight.removeAll()
        if let body = buffer {
            buffer = nil
            await budget.recycle(body, reserved: partSize)
        }
        guard let uploadID else { return }
        do {
            try await store.abortMultipartUpload(key: key, uploadID: uploadID)
            self.uploadID = nil
        } catch {
            logger.error("could not abort multipart upload", metadata: ["key": "\(key)", "upload_id": "\(uploadID)", "error": "\(error)"])
        }
    }

    /// Sends the full buffer as the next part once a slot is free. Until it is handed to its task, the
    /// buffer (and its reservation) stays with the stream, so `abort` releases it on any failure.
    private func sendBufferedPart() async throws {
        guard buffer != nil else { return }
        let uploadID = try await startMultipartUploadIfNeeded()
        if inFlight.count >= maximumPartsInFlight {
            completedParts.append(try await inFlight.removeFirst().value)
        }
        let hashed = digest?.add(buffer!)
        let body = PartBody(buffer!)
        buffer = nil
        let partNumber = nextPartNumber
        nextPartNumber += 1
        let (store, key, budget, reserved) = (self.store, self.key, self.budget, self.partSize)
        inFlight.append(
            Task {
                let buffer = body.take()
                do {
                    let part = try await store.uploadPart(key: key, uploadID: uploadID, partNumber: partNumber, body: buffer)
                    _ = await hashed?.value
                    await budget.recycle(buffer, reserved: reserved)
                    return part
                } catch {
                    _ = await hashed?.value
                    await budget.recycle(buffer, reserved: reserved)
                    throw error
                }
            })
    }

    private func startMultipartUploadIfNeeded() async throws -> String {
        if let uploadID { return uploadID }
        let created = try await store.createMultipartUpload(key: key, contentType: contentType)
        uploadID = created
        try await onMultipartUploadCreated(created)
        return created
    }

}

/// Hands a part's buffer to its upload task without the task's closure keeping a reference, so the
/// buffer is unshared again when it goes back to the budget and the next part reuses its memory.
private final class PartBody: @unchecked Sendable {
    private var buffer: ByteBuffer?

    init(_ buffer: ByteBuffer) { self.buffer = buffer }

    /// Called once, by the task that sends the part.
    func take() -> ByteBuffer {
        defer { buffer = nil }
        return buffer!
    }
}
