/// Decodes `Decodable` values from a parsed `YAMLValue`, so the config types describe `sqlgen.yaml`
/// once, as `Decodable`, and errors name the key path (`output.access: ...`) as `DecodingError`s.
/// A plain scalar is a `Bool` when it is `true`/`false` and a number when it reads as one; any
/// scalar is a `String`.
public enum YAMLValueDecoder {
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try T(from: YAMLNodeDecoder(value: try YAMLValue.parse(text), codingPath: []))
    }
}

struct YAMLNodeDecoder: Decoder {
    var value: YAMLValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let entries) = value else { throw mismatch([String: String].self, "a mapping") }
        return KeyedDecodingContainer(YAMLKeyedContainer(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = value else { throw mismatch([String].self, "a list") }
        return YAMLUnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        YAMLScalarContainer(value: value, codingPath: codingPath)
    }

    func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kind)"))
    }
}

extension YAMLValue {
    /// What the value is, for error messages.
    var kind: String {
        switch self {
        case .null: "nothing"
        case .scalar(let text, _): "\"\(text)\""
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

struct YAMLScalarContainer: SingleValueDecodingContainer {
    var value: YAMLValue
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }

    func text(_ type: Any.Type) throws -> (String, quoted: Bool) {
        switch value {
        case .scalar(let text, let quoted): return (text, quoted)
        case .null: throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "no value"))
        default:
            throw DecodingError.typeMismatch(
                type, .init(codingPath: codingPath, debugDescription: "expected a single value, found \(value.kind)"))
        }
    }

    func number<T: LosslessStringConvertible>(_ type: T.Type) throws -> T {
        let (text, quoted) = try self.text(type)
        guard !quoted, let number = T(text) else {
            throw DecodingError.typeMismatch(
                type, .init(codingPath: codingPath, debugDescription: "expected a number, found \(value.kind)"))
        }
        return number
    }

    func decode(_ type: String.Type) throws -> String { try text(type).0 }

    func decode(_ type: Bool.Type) throws -> Bool {
        let (text, quoted) = try self.text(type)
        switch (quoted, text) {
        case (false, "true"), (false, "True"), (false, "TRUE"): return true
        case (false, "false"), (false, "False"), (false, "FALSE"): return false
        default:
            throw DecodingError.typeMismatch(
                type, .init(codingPath: codingPath, debugDescription: "expected true or false, found \(value.kind)"))
        }
    }

    func decode(_ type: Double.Type) throws -> Double { try number(type) }
    func decode(_ type: Float.Type) throws -> Float { try number(type) }
    func decode(_ type: Int.Type) throws -> Int { try number(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try number(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try number(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try number(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: YAMLNodeDecoder(value: value, codingPath: codingPath))
    }
}

struct YAMLKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    var entries: [YAMLEntry]
    var codingPath: [any CodingKey]

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { entries.contains { $0.key == key.stringValue } }

    func value(_ key: Key) throws -> YAMLValue {
        guard let entry = entries.first(where: { $0.key == key.stringValue }) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key \"\(key.stringValue)\""))
        }
        return entry.value
    }

    func decoder(_ key: Key) throws -> YAMLNodeDecoder {
        YAMLNodeDecoder(value: try value(key), codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: decoder(key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try type.init(from: decoder(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try type.init(from: decoder(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try type.init(from: decoder(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try type.init(from: decoder(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try type.init(from: decoder(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try type.init(from: decoder(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try type.init(from: decoder(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try type.init(from: decoder(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try type.init(from: decoder(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try type.init(from: decoder(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try type.init(from: decoder(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try type.init(from: decoder(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try type.init(from: decoder(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try type.init(from: decoder(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoder(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { YAMLNodeDecoder(value: .mapping(entries), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(key) }
}

struct YAMLUnkeyedContainer: UnkeyedDecodingContainer {
    var items: [YAMLValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { nil }
    }

    mutating func next() throws -> YAMLNodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the list has no more items"))
        }
        defer { currentIndex += 1 }
        return YAMLNodeDecoder(value: items[currentIndex], codingPath: codingPath + [Index(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try type.init(from: next()) }
    mutating func decode(_ type: String.Type) throws -> String { try type.init(from: next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try type.init(from: next()) }
    mutating func decode(_ type: Float.Type) throws -> Float { try type.init(from: next()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try type.init(from: next()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try type.init(from: next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try type.init(from: next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try type.init(from: next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try type.init(from: next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try type.init(from: next()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try type.init(from: next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try type.init(from: next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try type.init(from: next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try type.init(from: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}
