extension MediaType {
    /// A media type from a file name's extension, for flows where the client sends no `Content-Type`.
    static func guess(fileName: String) -> String {
        let ext = fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return known[ext] ?? "application/octet-stream"
    }

    private static let known: [String: String] = [
        "mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav", "ogg": "audio/ogg", "flac": "audio/flac",
        "aac": "audio/aac", "mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
        "pdf": "application/pdf", "txt": "text/plain", "json": "application/json", "csv": "text/csv",
        "zip": "application/zip", "gz": "application/gzip",
    ]
}
