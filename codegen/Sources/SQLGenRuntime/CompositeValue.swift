import PostgresNIO

/// Reads the fields of a composite value (PostgreSQL's binary record format: a field count, then
/// per field its type OID, its length (-1 for NULL) and its bytes), for generated composite structs.
public struct CompositeFields {
    private var buffer: ByteBuffer
    private var remaining: Int

    public init(_ buffer: inout ByteBuffer, format: PostgresFormat, count: Int) throws {
        guard format == .binary, let fields = buffer.readInteger(as: Int32.self), Int(fields) == count else {
            throw PostgresDecodingError.Code.failure
        }
        self.buffer = buffer
        self.remaining = count
    }

    /// The next field, nil when it is NULL.
    public mutating func next<Value: PostgresDecodable>(_ type: Value?.Type, context: PostgresDecodingContext<some PostgresJSONDecoder>)
        throws -> Value?
    {
        guard remaining > 0, let (oid, length) = buffer.readMultipleIntegers(as: (UInt32, Int32).self) else {
            throw PostgresDecodingError.Code.failure
        }
        remaining -= 1
        guard length >= 0 else { return nil }
        guard var bytes = buffer.readSlice(length: Int(length)) else { throw PostgresDecodingError.Code.failure }
        return try Value(from: &bytes, type: PostgresDataType(oid), format: .binary, context: context)
    }
}

/// Composite values as row literals (`("USD","125",)`): each field double-quoted with `"` and `\`
/// backslash-escaped, NULL as nothing. Used to bind them (without a type OID) and to COPY them.
public enum CompositeLiteral {
    public static func text(_ fields: [String?]) -> String {
        var text = "("
        for (index, field) in fields.enumerated() {
            if index > 0 { text += "," }
            guard let field else { continue }
            text += "\""
            for scalar in field.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { text += "\\" }
                text.unicodeScalars.append(scalar)
            }
            text += "\""
        }
        return text + ")"
    }
}
