import Storage

/// Completed parts of a tus upload's multipart upload, stored as `number:etag` lines in `tus_uploads.parts`.
enum TusPartList {
    static func encode(_ parts: [CompletedPart]) -> String {
        parts.map { "\($0.partNumber):\($0.etag)" }.joined(separator: "\n")
    }

    static func decode(_ text: String) -> [CompletedPart] {
        text.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":"), let number = Int(line[..<colon]) else { return nil }
            return CompletedPart(partNumber: number, etag: String(line[line.index(after: colon)...]))
        }
    }
}
