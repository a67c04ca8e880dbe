import Crypto
import NIOCore
import Storage

/// Sends the leading bytes of an upload as the parts of a `StreamedPartPlan`, each read by the store
/// while its bytes arrive: no part buffers, and the next part starts while the store still confirms the
/// previous one. The bytes are hashed in groups of about 1 MiB, off the writer's task.
final class StreamedPartWriter {
    private let store: any PartStreamingStore
    private let key: String
    private let plan: StreamedPartPlan
    private let digest: OrderedDigest?

    private var current: (channel: PartBodyChannel, task: Task<CompletedPart, any Error>, remaining: Int64)?
    private var sent: [Task<CompletedPart, any Error>] = []
    private var hashGroup: [ByteBuffer] = []
    private var hashGroupBytes = 0
    private var hashing: [Task<SHA256, Never>] = []

    /// Bytes of the plan not written yet.
    private(set) var remainingBytes: Int64

    init(store: any PartStreamingStore, key: String, plan: StreamedPartPlan, digest: OrderedDigest?) {
        self.store = store
        self.key = key
        self.plan = plan
        self.digest = digest
        self.remainingBytes = plan.streamedBytes
    }

    /// Parts started so far.
    var startedParts: Int { sent.count + (current == nil ? 0 : 1) }

    /// Sends the first `remainingBytes` bytes of `chunk` (all of them when it is shorter) and removes them
    /// from it.
    func write(_ chunk: inout ByteBuffer, uploadID: String) async throws {
        while chunk.readableBytes > 0, remainingBytes > 0 {
            if current == nil { try await startPart(uploadID: uploadID) }
            let count = Int(min(Int64(chunk.readableBytes), current!.remaining))
            let slice = chunk.readSlice(length: count)!
            await hash(slice)
            current!.remaining -= Int64(count)
            remainingBytes -= Int64(count)
            try await send(slice)
            if current!.remaining == 0 {
                current!.channel.finish()
                sent.append(current!.task)
                current = nil
            }
        }
        // What follows is hashed by the caller, after these bytes.
        if remainingBytes == 0 { flushHashGroup() }
    }

    /// The stored parts, once every started part is confirmed. A part still short of its planned length
    /// (the file ended early) is filled with zero bytes; the caller then cuts the object to its real size.
    func finish() async throws -> [CompletedPart] {
        if let part = current {
            var zeros = ByteBuffer(repeating: 0, count: Int(min(part.remaining, 1 << 20)))
            var remaining = part.remaining
            while remaining > 0 {
                let count = Int(min(remaining, Int64(zeros.readableBytes)))
                try await send(zeros.getSlice(at: zeros.readerIndex, length: count)!)
                remaining -= Int64(count)
            }
            zeros.clear()
            part.channel.finish()
            sent.append(part.task)
            current = nil
        }
        flushHashGroup()
        var parts: [CompletedPart] = []
        for task in sent { parts.append(try await task.value) }
        return parts
    }

    /// Bytes of the planned parts started so far: the size of the object `finish`'s parts make.
    var startedBytes: Int64 { plan.partLengths.prefix(startedParts).reduce(0, +) }

    /// Stops the part being sent and waits for every part's task to end.
    func abort() async {
        if let part = current {
            part.channel.close(throwing: CancellationError())
            part.task.cancel()
            sent.append(part.task)
            current = nil
        }
        for task in sent { _ = try? await task.value }
        sent.removeAll()
        flushHashGroup()
        for task in hashing { _ = await task.value }
        hashing.removeAll()
    }

    private func startPart(uploadID: String) async throws {
        // One part may still wait for its answer while the next one streams; the one before must be stored.
        if sent.count >= 2 { _ = try await sent[sent.count - 2].value }
        let partNumber = startedParts + 1
        let length = plan.partLengths[partNumber - 1]
        // 8 MiB between the upload and the HTTP client smooths out the store's pauses (README: Performance).
        let channel = PartBodyChannel(limit: 8 * 1024 * 1024)
        let (store, key) = (self.store, self.key)
        let task = Task {
            do {
                return try await store.uploadPart(key: key, uploadID: uploadID, partNumber: partNumber, length: length, body: channel)
            } catch {
                channel.close(throwing: error)
                throw error
            }
        }
        current = (channel, task, length)
    }

    /// Hands `slice` to the current part; when the part failed, throws the store's error.
    private func send(_ slice: ByteBuffer) async throws {
        do {
            try await current!.channel.send(slice)
        } catch {
            _ = try await current!.task.value
            throw error
        }
    }

    private func hash(_ slice: ByteBuffer) async {
        guard digest != nil else { return }
        hashGroup.append(slice)
        hashGroupBytes += slice.readableBytes
        guard hashGroupBytes >= 1 << 20 else { return }
        flushHashGroup()
        // Bound the bytes kept alive for hashing: at most eight groups behind.
        if hashing.count > 8 { _ = await hashing.removeFirst().value }
    }

    private func flushHashGroup() {
        guard let digest, !hashGroup.isEmpty else { return }
        hashing.append(digest.add(contentsOf: hashGroup))
        hashGroup.removeAll(keepingCapacity: true)
        hashGroupBytes = 0
    }
}
