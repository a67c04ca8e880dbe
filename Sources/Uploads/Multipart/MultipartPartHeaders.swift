/// The headers of one part of a `multipart/form-data` body.
public struct MultipartPartHeaders: Sendable {
    public var fields: [(name: String, value: String)]
    /// Where the part's body starts: its offset from the start of the form body.
    public var bodyOffset: Int64

    public init(fields: [(name: String, value: String)], bodyOffset: Int64 = 0) {
        self.fields = fields
        self.bodyOffset = bodyOffset
    }

    /// The first value of a header, matched case-insensitively.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The form field name (`Content-Disposition: form-data; name="…"`).
    public var name: String? { disposition?.parameters["name"] }

    /// The client's file name: RFC 5987 `filename*` when present, else `filename`.
    public var fileName: String? {
        guard let parameters = disposition?.parameters else { return nil }
        if let extended = parameters["filename*"], let decoded = ExtendedParameterValue.decode(extended) {
            return decoded
        }
        return parameters["filename"]
    }

    /// True when the part carries a file name (`filename` or `filename*`), even an empty one: the client
    /// sent it as a file.
    public var hasFileName: Bool {
        guard let parameters = disposition?.parameters else { return false }
        return parameters["filename"] != nil || parameters["filename*"] != nil
    }

    public var contentType: String? { self["Content-Type"] }

    /// The Content-Type's `type/subtype`, lowercased, without parameters; `nil` when the part has none.
    public var mediaType: String? {
        contentType.map { HeaderValueWithParameters(parsing: $0).value.lowercased() }
    }

    private var disposition: HeaderValueWithParameters? {
        self["Content-Disposition"].map(HeaderValueWithParameters.init(parsing:))
    }
}

/// A header value of the form `token; key=value; key="quoted \"value\""`.
struct HeaderValueWithParameters {
    var value: String
    /// Parameter names lowercased.
    var parameters: [String: String]

    init(parsing header: String) {
        var scanner = Substring(header)
        value = String(scanner.prefix { $0 != ";" }).trimmingSpaces()
        scanner = scanner.drop { $0 != ";" }
        parameters = [:]
        while scanner.first == ";" {
            scanner = scanner.dropFirst().drop { $0 == " " || $0 == "\t" }
            let key = String(scanner.prefix { $0 != "=" && $0 != ";" }).trimmingSpaces().lowercased()
            scanner = scanner.drop { $0 != "=" && $0 != ";" }
            guard scanner.first == "=" else { continue }
            scanner = scanner.dropFirst().drop { $0 == " " || $0 == "\t" }
            var parsed = ""
            if scanner.first == "\"" {
                scanner = scanner.dropFirst()
                while let character = scanner.first, character != "\"" {
                    scanner = scanner.dropFirst()
                    if character == "\\", let escaped = scanner.first {
                        parsed.append(escaped)
                        scanner = scanner.dropFirst()
                    } else {
                        parsed.append(character)
                    }
                }
                scanner = scanner.dropFirst().drop { $0 != ";" }
            } else {
                parsed = String(scanner.prefix { $0 != ";" }).trimmingSpaces()
                scanner = scanner.drop { $0 != ";" }
            }
            if !key.isEmpty, parameters[key] == nil { parameters[key] = parsed }
        }
    }
}

/// RFC 8187 (formerly 5987) `charset'language'percent-encoded` parameter values.
enum ExtendedParameterValue {
    static func decode(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncodingStrictly()
    }

    /// `UTF-8''…` with every byte outside RFC 8187's attr-char percent-encoded.
    static func encode(_ value: String) -> String {
        var encoded = "UTF-8''"
        for byte in value.utf8 {
            if isAttributeCharacter(byte) {
                encoded.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    private static func isAttributeCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$&+-.^_`|~".utf8.contains(byte)
        }
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    /// Percent-decoding that refuses malformed escapes and invalid UTF-8 instead of guessing.
    func removingPercentEncodingStrictly() -> String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
