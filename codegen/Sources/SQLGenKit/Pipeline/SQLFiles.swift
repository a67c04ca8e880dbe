import Foundation

/// Reads the .sql files `SQLFiles.find` named, and orders migrations.
extension SQLFiles {
    public static func read(_ paths: [String]) throws(Diagnostic) -> [SourceFile] {
        var files: [SourceFile] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw Diagnostic(path: path, message: "cannot read the file (missing, or not UTF-8)")
            }
            files.append(SourceFile(path: path, text: text))
        }
        return files
    }

    /// Schema files in migration order: by version number, then by name.
    public static func migrationOrder(_ files: [SourceFile]) -> [SourceFile] {
        files.sorted { left, right in
            let l = MigrationReader.version(ofFile: left.path) ?? Int.max
            let r = MigrationReader.version(ofFile: right.path) ?? Int.max
            if l != r { return l < r }
            return (left.path.split(separator: "/").last ?? "") < (right.path.split(separator: "/").last ?? "")
        }
    }
}
