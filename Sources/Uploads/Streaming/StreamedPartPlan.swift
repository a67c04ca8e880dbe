/// How the leading bytes of an upload of known expected size are cut into parts that are streamed to
/// the store as they arrive (their lengths must be sent before their bytes).
///
/// The last `heldBack` expected bytes are not part of the plan: they go through the buffered path, so a
/// file a little shorter or longer than expected (bytes after the file in a form, a missing final CRLF)
/// still ends in a buffered part of any length. Every planned part is at least `minimumPartSize`.
struct StreamedPartPlan: Sendable, Equatable {
    /// Lengths of the streamed parts, in order, covering the upload's first `streamedBytes` bytes.
    let partLengths: [Int64]

    var streamedBytes: Int64 { partLengths.reduce(0, +) }

    /// `nil` when nothing would be streamed: less than one part, or a file that fits in `singleRequestLimit`
    /// (stored with one request anyway).
    init?(
        expectedSize: Int64, partSize: Int64, minimumPartSize: Int64, heldBack: Int64,
        singleRequestLimit: Int64, maximumParts: Int = 9_000
    ) {
        guard expectedSize > singleRequestLimit else { return nil }
        let streamable = expectedSize - heldBack
        guard streamable >= minimumPartSize else { return nil }
        // Parts grow so that the plan stays within `maximumParts`, leaving S3's other part numbers to the tail.
        let size = max(partSize, minimumPartSize, (streamable + Int64(maximumParts) - 1) / Int64(maximumParts))
        var lengths = [Int64](repeating: size, count: Int(streamable / size))
        let rest = streamable % size
        if rest >= minimumPartSize || lengths.isEmpty {
            lengths.append(rest)
        } else {
            lengths[lengths.count - 1] += rest
        }
        partLengths = lengths
    }
}
