/// A single `Range: bytes=…` request (RFC 9110 §14), resolved against a file's size.
public enum ByteRange {
    /// The inclusive range to send, `nil` to send the whole file (no header, several ranges, or a
    /// header this server ignores as the RFC allows). Throws `rangeNotSatisfiable` when the range starts
    /// beyond the end.
    public static func resolve(header: String?, size: Int64) throws -> ClosedRange<Int64>? {
        guard let header = header?.trimmingSpaces(), header.lowercased().hasPrefix("bytes=") else { return nil }
        let spec = header.dropFirst("bytes=".count).trimmingSpaces()
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmingSpaces()
        let last = spec[spec.index(after: dash)...].trimmingSpaces()
        if first.isEmpty {
            guard let suffix = Int64(last), suffix >= 0 else { return nil }
            guard suffix > 0, size > 0 else { throw UploadError.rangeNotSatisfiable(size: size) }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int64(first), start >= 0 else { return nil }
        var end = size - 1
        if !last.isEmpty {
            guard let requested = Int64(last), requested >= start else { return nil }
            end = min(requested, size - 1)
        }
        guard start < size else { throw UploadError.rangeNotSatisfiable(size: size) }
        return start...end
    }
}
