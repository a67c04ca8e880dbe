/// How chunks become parts of their session's multipart upload (created for the file's final key).
///
/// Chunk `i` (below `chunksWithParts`) owns part numbers `10i+1 … 10i+10`, so parts of chunks sent in any
/// order still come out in index order, and a resent chunk reuses its own numbers. Every part but a
/// chunk's last is one piece; `holdback` bytes (the store's smallest part) are kept back until more
/// arrive, so the chunk's last part is never too small either. A chunk that ends below `holdback`
/// without having sent a part waits in a temporary object instead.
struct ChunkPartLayout: Sendable {
    static let partsPerChunk = 10
    /// Chunks at or beyond this index are always temporary objects (S3 allows 10,000 parts).
    static let chunksWithParts = 10_000 / partsPerChunk

    /// The smallest piece (the upload part size).
    let smallestPiece: Int
    /// The largest piece: twice the upload part size.
    let largestPiece: Int
    /// Bytes held back so that a chunk's last part is at least the store's minimum part size.
    let holdback: Int
    /// Bytes of the upload pipeline's part buffers (one filling, the others in flight): what one chunk's
    /// pieces may take, besides the held-back bytes.
    let pieceBytes: Int

    init(settings: UploadSettings, minimumPartSize: Int) {
        smallestPiece = max(settings.partSize, minimumPartSize)
        largestPiece = 2 * smallestPiece
        holdback = minimumPartSize
        pieceBytes = (max(1, settings.maximumPartsInFlight) + 1) * smallestPiece
    }

    /// The largest chunk that fits in its ten parts (165 MiB with the default 8 MiB part size).
    var largestChunk: Int64 { Int64(Self.partsPerChunk) * Int64(largestPiece) + Int64(holdback) }

    func firstPartNumber(ofChunk index: Int) -> Int { index * Self.partsPerChunk + 1 }

    /// Whether chunk `index`, known to be at most `upperBound` bytes, is sent as parts.
    func sendsParts(chunk index: Int, upperBound: Int64?) -> Bool {
        guard let upperBound, index >= 0, index < Self.chunksWithParts else { return false }
        return upperBound <= largestChunk
    }

    /// Pieces for a chunk of at most `upperBound` bytes: the part size when ten parts hold it, else just
    /// large enough; fewer in flight when they are larger, so that the buffer (a piece plus the held-back
    /// bytes) and the pieces in flight take at most `pieceBytes + holdback` (37 MiB by default).
    func plan(upperBound: Int64) -> ChunkPartPlan {
        let needed = (upperBound - Int64(holdback) + Int64(Self.partsPerChunk) - 1) / Int64(Self.partsPerChunk)
        let pieceSize = Int(min(Int64(largestPiece), max(Int64(smallestPiece), needed)))
        return ChunkPartPlan(
            pieceSize: pieceSize, holdback: holdback, partsInFlight: max(1, (pieceBytes - pieceSize) / pieceSize),
            upperBound: upperBound)
    }
}

/// The pieces of one chunk (see `ChunkPartLayout.plan`).
struct ChunkPartPlan: Sendable, Equatable {
    /// Size of every part but the chunk's last.
    var pieceSize: Int
    /// Bytes held back behind a piece before it is sent.
    var holdback: Int
    /// Pieces sent at the same time.
    var partsInFlight: Int
    /// The most bytes the chunk can have.
    var upperBound: Int64

    /// The accumulating buffer: a piece plus the bytes held back behind it. Also the largest part.
    var bufferSize: Int { pieceSize + holdback }

    /// The largest chunk these pieces hold in ten parts.
    var largestChunk: Int64 { Int64(ChunkPartLayout.partsPerChunk - 1) * Int64(pieceSize) + Int64(bufferSize) }

    /// Bytes reserved from the budget, all at once (so a chunk never waits for more while holding some):
    /// the buffer, plus the pieces in flight when the chunk needs any.
    var reservation: Int {
        if upperBound <= Int64(bufferSize) { return Int(max(1, upperBound)) }
        return bufferSize + partsInFlight * pieceSize
    }
}
