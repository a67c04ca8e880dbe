/// SQL names → Swift names: `user_id` → `userID`, `upload_status` → `UploadStatus`, `uploads` → `Upload`.
public enum SwiftNames {
    /// Words written in capitals inside Swift names (Swift API Design Guidelines: `userID`, `fileURL`).
    public static let initialisms: Set<String> = [
        "id", "ids", "url", "urls", "uri", "uuid", "api", "json", "jsonb", "sql", "http", "https", "html", "xml",
        "ip", "tls", "ssl", "dns", "jwt", "cpu", "ttl", "etag", "acl", "sha", "md5", "utc", "os", "db", "sku", "cte",
    ]

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Any",
        "Type", "Protocol",
    ]

    /// Splits `multipart_upload_id`, `fileURL`, `SetMultipartUploadID` into lower-case words.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            if character.isUppercase, !current.isEmpty {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // `SKUs`, `IDs`: a plural `s` stays with the capitals before it.
                let pluralS = next == "s" && (index + 2 >= characters.count || !characters[index + 2].isLowercase)
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true && !pluralS) {
                    words.append(current)
                    current = ""
                }
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    private static func capitalized(_ word: String) -> String {
        // `ids` → `IDs`, `skus` → `SKUs`.
        if word.hasSuffix("s"), initialisms.contains(String(word.dropLast())) { return word.dropLast().uppercased() + "s" }
        if initialisms.contains(word) { return word.uppercased() }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// `upload_status` → `UploadStatus`, `url_map` → `URLMap`.
    public static func typeName(_ name: String) -> String {
        let result = words(name).map(capitalized).joined()
        return escaped(result.first?.isNumber == true ? "_" + result : result)
    }

    /// `multipart_upload_id` → `multipartUploadID`, `CreateUpload` → `createUpload`, `id` → `id`.
    public static func memberName(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return "_" }
        let result = first + parts.dropFirst().map(capitalized).joined()
        return escaped(result.first?.isNumber == true ? "_" + result : result)
    }

    /// A name in backticks when it is a Swift keyword.
    public static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// `status` → `statuses`, `category` → `categories`, `id` → `ids`.
    public static func plural(_ name: String) -> String {
        let lower = name.lowercased()
        if ["s", "x", "z", "ch", "sh"].contains(where: lower.hasSuffix) { return name + "es" }
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) { return name.dropLast() + "ies" }
        return name + "s"
    }

    /// `uploads` → `upload`, `categories` → `category`, `boxes` → `box`, `status` → `status`.
    public static func singular(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.hasSuffix("ies"), name.count > 3 { return name.dropLast(3) + "y" }
        for suffix in ["sses", "shes", "ches", "xes", "zzes"] where lower.hasSuffix(suffix) {
            return String(name.dropLast(2))
        }
        for suffix in ["ss", "us", "is", "os"] where lower.hasSuffix(suffix) { return name }
        if lower.hasSuffix("s"), name.count > 1 { return String(name.dropLast()) }
        return name
    }

    /// `uploadFile.sql` → `UploadFileQueries.swift` (the plugin computes the same name).
    public static func queriesFileName(forQueryFile path: String) -> String {
        queriesProtocolName(forQueryFile: path) + ".swift"
    }

    /// `uploadFile.sql` → `UploadFileQueries`, `jobs_queue.sql` → `JobsQueueQueries`: the protocol of one
    /// query file's functions (`output.protocol: true`), named like the file that holds it. Letters and
    /// digits are kept, each word capitalized, anything else separates words.
    public static func queriesProtocolName(forQueryFile path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let base = file.hasSuffix(".sql") ? String(file.dropLast(4)) : file
        var result = ""
        var capitalizeNext = true
        for character in base {
            guard character.isLetter || character.isNumber else {
                capitalizeNext = true
                continue
            }
            result += capitalizeNext ? character.uppercased() : String(character)
            capitalizeNext = false
        }
        return (result.first?.isNumber == true ? "_" : "") + result + "Queries"
    }
}
