/// The "down" parts of migration files, blanked out: goose (`-- +goose Up/Down`), sql-migrate
/// (`-- +migrate Up/Down`), dbmate (`-- migrate:up/down`) and tern (`---- create above / drop below ----`);
/// psql meta-commands from pg_dump (`\connect`, `\restrict`, ...) are blanked too. golang-migrate's
/// `*.down.sql` files are skipped by `SQLFiles`. Atlas files are plain SQL.
public enum GooseSections {
    /// The file's text with everything outside its up sections replaced by blank lines, so offsets,
    /// lines and columns still match the file. A file without annotations is all up.
    public static func upOnly(_ text: String) -> String {
        var inUp = true
        var lines: [String] = []
        for (line, _) in text.byteLines {
            let directive = line[...].trimmingCharacters(in: " \t\r")
            let blank = String(repeating: " ", count: line.utf8.count)
            let compact = directive.lowercased().replacingOccurrences(of: " ", with: "")
            if compact.hasPrefix("--+goose") || compact.hasPrefix("--+migrate") {
                let words = directive.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if words.contains(where: { $0.lowercased() == "up" }) { inUp = true }
                if words.contains(where: { $0.lowercased() == "down" }) { inUp = false }
                lines.append(blank)
                continue
            }
            if compact.hasPrefix("--migrate:") {
                inUp = !compact.hasPrefix("--migrate:down")
                lines.append(blank)
                continue
            }
            if compact.hasPrefix("----createabove/dropbelow----") {
                inUp = false
                lines.append(blank)
                continue
            }
            if directive.hasPrefix("\\") {
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
