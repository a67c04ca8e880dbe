import PostgresNIO

/// A PostgreSQL `tsquery`, as its text: `'fat' & ( 'rat' | 'cat':*A )`. Made from any text the
/// server's tsquery input reads; read back, it is the server's own spelling of the query.
public struct TextSearchQuery: Sendable, Hashable, Codable, CustomStringConvertible {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    public var description: String { text }
}

extension TextSearchQuery: UntypedTextLiteral, PostgresDecodable {
    public var copyText: String { text }

    /// tsquerysend: the number of items, then the items in prefix order (an operator before its right,
    /// then its left operand), written out as tsqueryout does.
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == PostgresDataType(3615), format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        guard let count = buffer.readInteger(as: Int32.self), count >= 0 else { throw PostgresDecodingError.Code.failure }
        var items: [Item] = []
        for _ in 0..<count {
            guard let item = Item(reading: &buffer) else { throw PostgresDecodingError.Code.failure }
            items.append(item)
        }
        guard !items.isEmpty else {
            self.init("")
            return
        }
        var next = 0
        guard let text = Self.infix(items, at: &next, parentPriority: -1, rightOfPhrase: false), next == items.count else {
            throw PostgresDecodingError.Code.failure
        }
        self.init(text)
    }

    private enum Item {
        case operand(text: String, weights: UInt8, prefix: Bool)
        /// 1 NOT, 2 AND, 3 OR, 4 PHRASE (with its distance).
        case `operator`(UInt8, distance: Int16)

        init?(reading buffer: inout ByteBuffer) {
            switch buffer.readInteger(as: UInt8.self) {
            case 1:
                guard let weights = buffer.readInteger(as: UInt8.self), let prefix = buffer.readInteger(as: UInt8.self),
                    let text = buffer.readNullTerminatedString()
                else { return nil }
                self = .operand(text: text, weights: weights, prefix: prefix != 0)
            case 2:
                guard let code = buffer.readInteger(as: UInt8.self), (1...4).contains(code) else { return nil }
                let distance = code == 4 ? buffer.readInteger(as: Int16.self) : 0
                guard let distance else { return nil }
                self = .operator(code, distance: distance)
            default:
                return nil
            }
        }
    }

    /// tsqueryout's `infix`: the item at `index` (advanced past it and its operands) as text.
    private static func infix(_ items: [Item], at index: inout Int, parentPriority: Int, rightOfPhrase: Bool) -> String? {
        guard index < items.count else { return nil }
        let item = items[index]
        index += 1
        switch item {
        case .operand(let text, let weights, let prefix):
            var result = TextSearchQuoting.quoted(text)
            if weights != 0 || prefix {
                result += ":" + (prefix ? "*" : "")
                for (bit, letter) in [(3, "A"), (2, "B"), (1, "C"), (0, "D")] where weights & (1 << bit) != 0 { result += letter }
            }
            return result
        case .operator(1, _):
            let priority = 4
            guard let operand = infix(items, at: &index, parentPriority: priority, rightOfPhrase: false) else { return nil }
            return priority < parentPriority ? "( !" + operand + " )" : "!" + operand
        case .operator(let code, let distance):
            let priority = [2: 2, 3: 1, 4: 3][Int(code)]!
            guard let right = infix(items, at: &index, parentPriority: priority, rightOfPhrase: code == 4),
                let left = infix(items, at: &index, parentPriority: priority, rightOfPhrase: false)
            else { return nil }
            let symbol =
                switch code {
                case 2: " & "
                case 3: " | "
                default: distance == 1 ? " <-> " : " <\(distance)> "
                }
            let text = left + symbol + right
            return priority < parentPriority || (code == 4 && rightOfPhrase) ? "( " + text + " )" : text
        }
    }
}
