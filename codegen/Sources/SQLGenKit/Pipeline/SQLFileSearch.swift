import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds the .sql files named by the config: files, folders (searched recursively; golang-migrate's
/// `*.down.sql` skipped) or globs (`sql/queries/*.sql`, `db/**/up.sql`). The build plugin compiles this
/// file too, so the files it declares as inputs are the ones sqlgen reads.
public enum SQLFiles {
    /// The .sql files under `paths` (relative to `base`), each folder's files sorted by name.
    public static func find(_ paths: [String], relativeTo base: String) throws(Diagnostic) -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            let full = path.hasPrefix("/") || base.isEmpty ? path : base + "/" + path
            if full.contains("*") || full.contains("?") {
                let matches = glob(full)
                guard !matches.isEmpty else { throw Diagnostic(path: full, message: "the pattern matches no file") }
                result += matches
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isDirectory) else {
                throw Diagnostic(path: full, message: "no such file or folder")
            }
            guard isDirectory.boolValue else {
                result.append(full)
                continue
            }
            let found = (manager.enumerator(atPath: full)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".sql") && !$0.hasSuffix(".down.sql") }
                .sorted()
                .map { full + "/" + $0 }
            result += found
        }
        return result
    }

    /// Files matching `pattern` (fnmatch; `**` crosses folders), sorted.
    static func glob(_ pattern: String) -> [String] {
        let star = pattern.firstIndex(where: { $0 == "*" || $0 == "?" })!
        let root = pattern[..<star].split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let folder = root.isEmpty ? "." : root
        let candidates = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .map { root.isEmpty ? $0 : folder + "/" + $0 }
        let flat = pattern.replacingOccurrences(of: "**/", with: "*")
        return candidates.filter { fnmatch(flat, $0, 0) == 0 || fnmatch(pattern, $0, FNM_PATHNAME) == 0 }.sorted()
    }
}
