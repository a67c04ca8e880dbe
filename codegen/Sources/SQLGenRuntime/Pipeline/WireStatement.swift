import NIOCore
import PostgresNIO

/// A `PostgresQuery` as the Parse and Bind messages carry it.
struct WireStatement {
    var sql: String
    /// Type OIDs, one per parameter.
    var parameterTypes: [UInt32]
    /// Format codes (0 text, 1 binary), one per parameter.
    var parameterFormats: [Int16]
    /// Each value as Bind sends it: its length (-1 for NULL), then its bytes.
    var parameterValues: ByteBuffer

    /// Reads the encoded parameters out of `query.binds`. PostgresNIO keeps them internal (its
    /// `PostgresBindings` stores `metadata` and `bytes`, already in Bind's layout), so they are read by
    /// reflection; nil should a later version store them differently, and the batch is then not pipelined.
    init?(_ query: PostgresQuery) {
        let bindings = Mirror(reflecting: query.binds)
        guard let bytes = bindings.descendant("bytes") as? ByteBuffer,
            let metadata = bindings.descendant("metadata").map({ Mirror(reflecting: $0) }), metadata.displayStyle == .collection
        else { return nil }
        var types: [UInt32] = []
        var formats: [Int16] = []
        for entry in metadata.children.map(\.value) {
            let fields = Mirror(reflecting: entry)
            guard let type = fields.descendant("dataType") as? PostgresDataType,
                let format = fields.descendant("format") as? PostgresFormat
            else { return nil }
            types.append(type.rawValue)
            formats.append(format.rawValue)
        }
        guard types.count == query.binds.count else { return nil }
        self.sql = query.sql
        self.parameterTypes = types
        self.parameterFormats = formats
        self.parameterValues = bytes
    }
}
