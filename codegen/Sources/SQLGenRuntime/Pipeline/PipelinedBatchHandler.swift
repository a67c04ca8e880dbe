import NIOCore
import PostgresNIO

/// Takes over a PostgresNIO connection's channel for one pipelined batch: sends every statement and
/// one Sync in a single write, reads the answers off the wire, and steps aside at ReadyForQuery.
///
/// It sits in front of PostgresNIO's handler (behind TLS), which meanwhile waits in its ready state and
/// only sees what arrives unasked (notices, parameter changes, notifications), passed on as they came.
/// Up to the first error, every statement's rows are kept; the server skips the rest until the Sync,
/// and, outside an explicit transaction, rolls the whole batch back.
final class PipelinedBatchHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    struct Outcome: Sendable {
        /// The rows of each statement that ran, in order.
        var results: [[BatchRow]] = []
        /// The statement that failed, and why.
        var failure: (index: Int, error: PostgresServerError)?
    }

    enum ProtocolError: Error, CustomStringConvertible {
        case unexpectedMessage(Character)
        case malformedMessage(Character)
        case connectionClosed

        var description: String {
            switch self {
            case .unexpectedMessage(let type): "pipelined batch: unexpected message '\(type)' from the server"
            case .malformedMessage(let type): "pipelined batch: malformed message '\(type)' from the server"
            case .connectionClosed: "pipelined batch: the connection closed before the batch ended"
            }
        }
    }

    private let request: ByteBuffer
    private let promise: EventLoopPromise<Outcome>
    private var received = ByteBuffer()
    private var outcome = Outcome()
    private var columns: [(name: String, type: PostgresDataType, format: PostgresFormat)] = []
    private var rows: [BatchRow] = []
    private var finished = false

    init(request: ByteBuffer, promise: EventLoopPromise<Outcome>) {
        self.request = request
        self.promise = promise
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // Should the write fail, the connection is of no further use: closing it ends the batch (channelInactive).
        context.writeAndFlush(NIOAny(request)).whenFailure { [channel = context.channel] _ in channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard !finished else { return context.fireChannelRead(data) }
        received.writeBuffer(&buffer)
        do {
            while let (type, length) = nextHeader(), received.readableBytes >= 1 + length {
                let whole = received.readSlice(length: 1 + length)!
                var body = whole.getSlice(at: whole.readerIndex + 5, length: length - 4)!
                if try handle(type, body: &body, whole: whole, context: context) { return finish(context: context) }
            }
            received.discardReadBytes()
        } catch {
            fail(error, context: context)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        context.fireChannelInactive()
        fail(ProtocolError.connectionClosed, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.fireErrorCaught(error)
        fail(error, context: context)
    }

    /// The type and length (which counts itself, not the type byte) of the next message, once known.
    private func nextHeader() -> (Character, Int)? {
        guard let type = received.getInteger(at: received.readerIndex, as: UInt8.self),
            let length = received.getInteger(at: received.readerIndex + 1, as: Int32.self)
        else { return nil }
        return (Character(UnicodeScalar(type)), Int(length))
    }

    /// Handles one message; true at the batch's ReadyForQuery.
    private func handle(_ type: Character, body: inout ByteBuffer, whole: ByteBuffer, context: ChannelHandlerContext) throws -> Bool {
        switch type {
        case "1", "2":  // ParseComplete, BindComplete
            break
        case "T":
            columns = try Self.rowDescription(&body)
        case "n":  // NoData
            columns = []
        case "D":
            rows.append(try dataRow(&body))
        case "C", "I":  // CommandComplete, EmptyQueryResponse
            outcome.results.append(rows)
            rows = []
            columns = []
        case "E":
            outcome.failure = (outcome.results.count, Self.errorResponse(&body))
        case "Z":
            return true
        case "N", "S", "A":  // notice, parameter status, notification: PostgresNIO's business
            context.fireChannelRead(NIOAny(whole))
        default:
            throw ProtocolError.unexpectedMessage(type)
        }
        return false
    }

    private func finish(context: ChannelHandlerContext) {
        finished = true
        if received.readableBytes > 0 { context.fireChannelRead(NIOAny(received)) }
        received = ByteBuffer()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        promise.succeed(outcome)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        promise.fail(error)
    }

    private static func rowDescription(_ body: inout ByteBuffer) throws -> [(name: String, type: PostgresDataType, format: PostgresFormat)]
    {
        guard let count = body.readInteger(as: Int16.self) else { throw ProtocolError.malformedMessage("T") }
        return try (0..<Int(count)).map { _ in
            guard let name = body.readNullTerminatedString(),
                body.readInteger(as: Int32.self) != nil, body.readInteger(as: Int16.self) != nil,  // table, attribute
                let type = body.readInteger(as: UInt32.self),
                body.readInteger(as: Int16.self) != nil, body.readInteger(as: Int32.self) != nil,  // size, modifier
                let format = body.readInteger(as: Int16.self).flatMap(PostgresFormat.init(rawValue:))
            else { throw ProtocolError.malformedMessage("T") }
            return (name, PostgresDataType(type), format)
        }
    }

    private func dataRow(_ body: inout ByteBuffer) throws -> BatchRow {
        guard let count = body.readInteger(as: Int16.self), Int(count) == columns.count else { throw ProtocolError.malformedMessage("D") }
        var cells: [PostgresCell] = []
        cells.reserveCapacity(columns.count)
        for (index, column) in columns.enumerated() {
            guard let length = body.readInteger(as: Int32.self) else { throw ProtocolError.malformedMessage("D") }
            var bytes: ByteBuffer?
            if length >= 0 {
                guard let value = body.readSlice(length: Int(length)) else { throw ProtocolError.malformedMessage("D") }
                bytes = value
            }
            cells.append(
                PostgresCell(bytes: bytes, dataType: column.type, format: column.format, columnName: column.name, columnIndex: index))
        }
        return BatchRow(cells: cells)
    }

    private static func errorResponse(_ body: inout ByteBuffer) -> PostgresServerError {
        var fields: [Character: String] = [:]
        while let code = body.readInteger(as: UInt8.self), code != 0, let value = body.readNullTerminatedString() {
            fields[Character(UnicodeScalar(code))] = value
        }
        return PostgresServerError(fields: fields)
    }
}
