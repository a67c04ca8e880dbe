/// Reads schema files as migrations: version from the name's leading digits, Up statements split by
/// libpg_query.
public enum MigrationReader {
    /// The leading number of a file name (`0001_uploads.sql` → 1), if any.
    public static func version(ofFile path: String) -> Int? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return Int(name.prefix(while: \.isNumber))
    }

    public static func read(_ file: SourceFile) throws(Diagnostic) -> MigrationFile {
        let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
        guard let version = version(ofFile: file.path) else {
            throw Diagnostic(path: file.path, message: "migration file name must start with its version number, e.g. 0001_\(name)")
        }
        let up = GooseSections.upOnly(file.text)
        let ranges: [Range<Int>]
        do {
            ranges = try PgQuery.split(up)
        } catch {
            let (line, column) = file.position(ofCursor: error.cursor)
            throw Diagnostic(path: file.path, line: line, column: column, message: error.message)
        }
        let statements = ranges.map { up.bytes($0).trimmingCharacters(in: " \t\r\n") }.filter { statement in
            statement.byteLines.contains { line in
                let code = line.text.trimmingCharacters(in: " \t\r")
                return !code.isEmpty && !code.hasPrefix("--")
            }
        }
        let transactional = !file.text.byteLines.contains { line in
            line.text.trimmingCharacters(in: " \t\r").lowercased().replacingOccurrences(of: " ", with: "") == "--+goosenotransaction"
        }
        return MigrationFile(
            version: version, name: name, checksum: SHA256.hex(Array(file.text.utf8)),
            statements: statements, transactional: transactional)
    }
}

extension String {
    func trimmingCharacters(in characters: String) -> String {
        self[...].trimmingCharacters(in: characters)
    }
}
