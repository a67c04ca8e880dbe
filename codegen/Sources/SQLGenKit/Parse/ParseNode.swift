/// One value of libpg_query's JSON parse tree.
///
/// Nodes are objects with a single key naming their type, e.g. `{"ColumnRef": {"fields": [...]}}`;
/// ``type`` and ``body`` unwrap them.
public indirect enum ParseNode: Sendable, Hashable, Decodable {
    case object([String: ParseNode])
    case array([ParseNode])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ParseNode].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ParseNode].self))
        }
    }

    public subscript(key: String) -> ParseNode? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The elements of an array value; empty for anything else.
    public var elements: [ParseNode] {
        if case .array(let items) = self { return items }
        return []
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return Int(value)
        default: return nil
        }
    }

    public var boolValue: Bool {
        if case .bool(let value) = self { return value }
        return false
    }

    /// The node type of a wrapped node (`"ColumnRef"` for `{"ColumnRef": {...}}`).
    public var type: String? {
        if case .object(let fields) = self, fields.count == 1 { return fields.keys.first }
        return nil
    }

    /// The fields of a wrapped node.
    public var body: ParseNode? {
        if case .object(let fields) = self, fields.count == 1 { return fields.values.first }
        return nil
    }

    /// The body if this is a wrapped node of `type`.
    public func node(_ type: String) -> ParseNode? {
        self[type].flatMap { self.type == type ? $0 : nil }
    }

    /// The strings of a list of `String` nodes, as in `names` or `funcname` (`["pg_catalog", "int8"]`).
    public var strings: [String] {
        elements.compactMap { $0.node("String")?["sval"]?.stringValue }
    }

    /// The `location` field of a wrapped node (a byte offset into the statement), if any.
    public var location: Int? {
        body?["location"]?.intValue
    }

    /// Calls `visit` on this value and every value below it, parents before children.
    /// Children are visited in key order, so the walk is deterministic.
    public func walk(_ visit: (ParseNode) -> Void) {
        visit(self)
        switch self {
        case .object(let fields):
            for key in fields.keys.sorted() { fields[key]!.walk(visit) }
        case .array(let items):
            for item in items { item.walk(visit) }
        default:
            break
        }
    }
}
