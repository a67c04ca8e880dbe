import PostgresNIO

/// A PostgreSQL `tsvector`: sorted, distinct lexemes, each with the positions (and weights) it
/// occurs at, written `'fat':2A 'rat':3`.
public struct TextSearchVector: Sendable, Hashable, Codable, CustomStringConvertible {
    public struct Lexeme: Sendable, Hashable, Codable {
        public var text: String
        public var positions: [Position]

        public init(_ text: String, positions: [Position] = []) {
            self.text = text
            self.positions = positions
        }
    }

    public struct Position: Sendable, Hashable, Codable {
        /// 1...16383.
        public var index: Int
        public var weight: Weight

        public init(_ index: Int, weight: Weight = .d) {
            self.index = index
            self.weight = weight
        }
    }

    /// A position's weight; D, the lowest, is the default and is not written out.
    public enum Weight: String, Sendable, Hashable, Codable, CaseIterable {
        case a = "A"
        case b = "B"
        case c = "C"
        case d = "D"

        /// The two bits tsvector_send stores it as (A is 3).
        var bits: UInt16 { UInt16(3 - Self.allCases.firstIndex(of: self)!) }
        init(bits: UInt16) { self = Self.allCases[3 - Int(bits & 3)] }
    }

    public var lexemes: [Lexeme]

    public init(_ lexemes: [Lexeme]) {
        self.lexemes = lexemes
    }

    public var description: String {
        lexemes.map { lexeme in
            var text = TextSearchQuoting.quoted(lexeme.text)
            if !lexeme.positions.isEmpty {
                text += ":" + lexeme.positions.map { "\($0.index)" + ($0.weight == .d ? "" : $0.weight.rawValue) }.joined(separator: ",")
            }
            return text
        }.joined(separator: " ")
    }
}

extension TextSearchVector: UntypedTextLiteral, PostgresDecodable {
    public var copyText: String { description }

    /// tsvectorsend: the number of lexemes, then each as its text, a zero byte, the number of
    /// positions and each position (weight in the top two bits, index in the other fourteen).
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .tsvector, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        guard let count = buffer.readInteger(as: Int32.self), count >= 0 else { throw PostgresDecodingError.Code.failure }
        var lexemes: [Lexeme] = []
        for _ in 0..<count {
            guard let text = buffer.readNullTerminatedString(), let positions = buffer.readInteger(as: UInt16.self) else {
                throw PostgresDecodingError.Code.failure
            }
            var lexeme = Lexeme(text)
            for _ in 0..<positions {
                guard let bits = buffer.readInteger(as: UInt16.self) else { throw PostgresDecodingError.Code.failure }
                lexeme.positions.append(Position(Int(bits & 0x3FFF), weight: Weight(bits: bits >> 14)))
            }
            lexemes.append(lexeme)
        }
        self.init(lexemes)
    }
}

/// Lexemes and operands as tsvector and tsquery write them: single-quoted, with `'` and `\` doubled.
enum TextSearchQuoting {
    static func quoted(_ text: String) -> String {
        var result = "'"
        for character in text {
            if character == "'" || character == "\\" { result.append(character) }
            result.append(character)
        }
        return result + "'"
    }
}
