/// goose migration files: `-- +goose Up` and `-- +goose Down` sections.
public enum GooseSections {
    /// The file's text with everything outside its Up sections replaced by blank lines, so offsets,
    /// lines and columns still match the file. A file without goose annotations is all Up.
    public static func upOnly(_ text: String) -> String {
        var inUp = true
        var lines: [String] = []
        for (line, _) in text.byteLines {
            let directive = line[...].trimmingCharacters(in: " \t\r")
            let blank = String(repeating: " ", count: line.utf8.count)
            if directive.hasPrefix("-- +goose") || directive.hasPrefix("--+goose") {
                let words = directive.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if words.contains(where: { $0.lowercased() == "up" }) { inUp = true }
                if words.contains(where: { $0.lowercased() == "down" }) { inUp = false }
                lines.append(blank)
                continue
            }
            lines.append(inUp ? line : blank)
        }
        return lines.joined(separator: "\n")
    }
}

extension Substring {
    /// The text without leading and trailing characters made only of `characters`' scalars
    /// (so `"\r\n"` is trimmed by `" \r\n"`).
    func trimmingCharacters(in characters: String) -> String {
        let scalars = Set(characters.unicodeScalars)
        let isTrimmed: (Character) -> Bool = { $0.unicodeScalars.allSatisfy(scalars.contains) }
        var slice = self[...]
        while let first = slice.first, isTrimmed(first) { slice = slice.dropFirst() }
        while let last = slice.last, isTrimmed(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
