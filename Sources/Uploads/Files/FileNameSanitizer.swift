/// Makes a client-supplied file name safe to store, show and use in an object key: the last path
/// component only, no control characters, no leading dots, at most `maximumBytes` of UTF-8 (cut on a
/// character boundary, keeping the extension when it is short).
public struct FileNameSanitizer: Sendable {
    public var maximumBytes: Int
    public var fallback: String

    public init(maximumBytes: Int = 255, fallback: String = "file") {
        self.maximumBytes = maximumBytes
        self.fallback = fallback
    }

    public func sanitize(_ name: String?) -> String {
        guard let name else { return fallback }
        let lastComponent = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(lastComponent.unicodeScalars.filter { !Self.isUnwanted($0) }))
        cleaned = cleaned.trimmingSpaces()
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        cleaned = cleaned.trimmingSpaces()
        guard !cleaned.isEmpty else { return fallback }
        return truncated(cleaned)
    }

    private static func isUnwanted(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0, DEL, C1 controls
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi overrides (spoofed extensions)
        default: return false
        }
    }

    private func truncated(_ name: String) -> String {
        guard name.utf8.count > maximumBytes else { return name }
        var stem = Substring(name)
        var suffix = Substring("")
        if let dot = name.lastIndex(of: "."), name.utf8.distance(from: dot, to: name.endIndex) <= 16 {
            stem = name[..<dot]
            suffix = name[dot...]
        }
        let budget = maximumBytes - suffix.utf8.count
        var result = ""
        for character in stem {
            if result.utf8.count + character.utf8.count > budget { break }
            result.append(character)
        }
        return result + suffix
    }
}
