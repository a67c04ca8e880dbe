import NIOConcurrencyHelpers
import NIOCore

/// The body of a part being streamed: the task receiving the upload `send`s bytes, the HTTP client reads
/// them. At most `limit` bytes wait in between; beyond that `send` suspends until the client has taken
/// them, so a slow store slows the upload down instead of growing memory.
final class PartBodyChannel: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    private struct State {
        var queue = CircularBuffer<ByteBuffer>()
        var queuedBytes = 0
        var finished = false
        /// Set by `close`: sending and reading fail with it from then on.
        var closedWith: (any Error)?
        var reader: CheckedContinuation<ByteBuffer?, any Error>?
        var sender: CheckedContinuation<Void, any Error>?
    }

    private let state = NIOLockedValueBox(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Queues `buffer`, waiting while more than `limit` bytes are queued. Throws the error the channel was
    /// closed with, or `CancellationError` when the sending task is cancelled.
    func send(_ buffer: ByteBuffer) async throws {
        enum Action {
            case done
            case handOver(CheckedContinuation<ByteBuffer?, any Error>)
            case wait
            case fail(any Error)
        }
        let action = state.withLockedValue { state -> Action in
            if let error = state.closedWith { return .fail(error) }
            precondition(!state.finished, "send after finish")
            if let reader = state.reader {
                state.reader = nil
                return .handOver(reader)
            }
            state.queue.append(buffer)
            state.queuedBytes += buffer.readableBytes
            return state.queuedBytes > limit ? .wait : .done
        }
        switch action {
        case .done: return
        case .handOver(let reader): reader.resume(returning: buffer)
        case .fail(let error): throw error
        case .wait: try await waitForRoom()
        }
    }

    /// No more bytes: the reader gets the end once the queue is drained.
    func finish() {
        let reader = state.withLockedValue { state -> CheckedContinuation<ByteBuffer?, any Error>? in
            state.finished = true
            guard state.queue.isEmpty else { return nil }
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume(returning: nil)
    }

    /// Ends the channel for both sides with `error`, dropping what is queued. Later calls do nothing.
    func close(throwing error: any Error) {
        let (reader, sender) = state.withLockedValue { state in
            guard state.closedWith == nil else {
                return (nil, nil) as (CheckedContinuation<ByteBuffer?, any Error>?, CheckedContinuation<Void, any Error>?)
            }
            state.closedWith = error
            state.queue.removeAll()
            state.queuedBytes = 0
            defer { (state.reader, state.sender) = (nil, nil) }
            return (state.reader, state.sender)
        }
        reader?.resume(throwing: error)
        sender?.resume(throwing: error)
    }

    private func waitForRoom() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLockedValue { state -> Result<Void, any Error>? in
                    if let error = state.closedWith { return .failure(error) }
                    if state.queuedBytes <= limit { return .success(()) }
                    state.sender = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            close(throwing: CancellationError())
        }
    }

    fileprivate func next() async throws -> ByteBuffer? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer?, any Error>) in
                var roomForSender: CheckedContinuation<Void, any Error>?
                let ready = state.withLockedValue { state -> Result<ByteBuffer?, any Error>? in
                    if let error = state.closedWith { return .failure(error) }
                    if let buffer = state.queue.popFirst() {
                        state.queuedBytes -= buffer.readableBytes
                        if state.queuedBytes <= limit {
                            roomForSender = state.sender
                            state.sender = nil
                        }
                        return .success(buffer)
                    }
                    if state.finished { return .success(nil) }
                    state.reader = continuation
                    return nil
                }
                roomForSender?.resume()
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            close(throwing: CancellationError())
        }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let channel: PartBodyChannel

        mutating func next() async throws -> ByteBuffer? {
            try await channel.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(channel: self)
    }
}
