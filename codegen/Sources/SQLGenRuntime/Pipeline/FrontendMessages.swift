import NIOCore

/// The extended-query protocol messages a pipelined batch sends: for each statement Parse, Bind,
/// Describe (portal) and Execute, unnamed; one Sync after the last.
enum FrontendMessages {
    static func append(_ statement: WireStatement, to buffer: inout ByteBuffer) {
        message("P", into: &buffer) { body in
            body.writeNullTerminatedString("")
            body.writeNullTerminatedString(statement.sql)
            body.writeInteger(Int16(statement.parameterTypes.count))
            for type in statement.parameterTypes { body.writeInteger(type) }
        }
        message("B", into: &buffer) { body in
            body.writeNullTerminatedString("")  // portal
            body.writeNullTerminatedString("")  // statement
            body.writeInteger(Int16(statement.parameterFormats.count))
            for format in statement.parameterFormats { body.writeInteger(format) }
            body.writeInteger(Int16(statement.parameterTypes.count))
            body.writeImmutableBuffer(statement.parameterValues)
            body.writeInteger(Int16(1))  // one result format for all columns:
            body.writeInteger(Int16(1))  // binary
        }
        message("D", into: &buffer) { body in
            body.writeInteger(UInt8(ascii: "P"))
            body.writeNullTerminatedString("")
        }
        message("E", into: &buffer) { body in
            body.writeNullTerminatedString("")
            body.writeInteger(Int32(0))  // all rows
        }
    }

    static func appendSync(to buffer: inout ByteBuffer) {
        message("S", into: &buffer) { _ in }
    }

    /// A type byte, then the length (itself included) and the body.
    private static func message(_ type: Character, into buffer: inout ByteBuffer, body: (inout ByteBuffer) -> Void) {
        buffer.writeInteger(type.asciiValue!)
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        body(&buffer)
        buffer.setInteger(Int32(buffer.writerIndex - lengthIndex), at: lengthIndex)
    }
}
