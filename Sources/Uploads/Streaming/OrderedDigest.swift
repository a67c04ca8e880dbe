import Crypto
import NIOCore

/// SHA-256 of a stream of buffers, computed on other tasks but strictly in the order the buffers were
/// added, so the task reading a request body never waits for the hash (a third of an upload's CPU).
final class OrderedDigest {
    private var tail: Task<SHA256, Never>?

    /// Hashes `buffer` after every buffer added before it. The task ends once `buffer` is hashed; until
    /// then its bytes must stay as they are.
    @discardableResult
    func add(_ buffer: ByteBuffer) -> Task<SHA256, Never> {
        add(contentsOf: [buffer])
    }

    /// Hashes `buffers` in order, after every buffer added before them, on one task.
    @discardableResult
    func add(contentsOf buffers: [ByteBuffer]) -> Task<SHA256, Never> {
        let previous = tail
        let task = Task {
            var hasher = await previous?.value ?? SHA256()
            for buffer in buffers {
                buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            }
            return hasher
        }
        tail = task
        return task
    }

    /// The hex digest of everything added.
    func finalize() async -> String {
        let hasher = await tail?.value ?? SHA256()
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
