import PostgresNIO

/// A value bound as its text literal without a type OID, so the server reads it as the type the
/// statement needs there (the column's range or multirange type, say).
public protocol UntypedTextLiteral: PostgresNonThrowingEncodable, CopyTextField {}

extension UntypedTextLiteral {
    public static var psqlType: PostgresDataType { PostgresDataType(0) }
    public static var psqlFormat: PostgresFormat { .text }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeString(copyText)
    }
}

/// Text bound without a type OID, so the server reads it as the type the statement needs: how the
/// generated code binds `citext` values (bound as `text`, `code = $1` on a citext column would
/// compare case-sensitively).
public struct UntypedText: UntypedTextLiteral, Sendable, Hashable {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    public var copyText: String { text }
}
