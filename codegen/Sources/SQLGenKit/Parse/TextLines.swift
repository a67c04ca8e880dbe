extension String {
    /// The lines of the text split at `\n` bytes (a `\r` before it stays in the line), with the byte
    /// offset of each line's start. Splitting bytes rather than Characters keeps offsets exact and
    /// handles CRLF files (in Swift, `"\r\n"` is one Character and never equals `"\n"`).
    var byteLines: [(text: String, offset: Int)] {
        var result: [(String, Int)] = []
        var offset = 0
        for slice in utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            result.append((String(decoding: slice, as: UTF8.self), offset))
            offset += slice.count + 1
        }
        return result
    }
}
