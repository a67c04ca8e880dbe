/// Limits and tuning of the upload pipeline.
public struct UploadSettings: Sendable {
    /// Largest accepted file (`MAX_UPLOAD_BYTES`).
    public var maximumUploadBytes: Int64
    /// Size of multipart parts; a file of at most this size is stored with one request.
    public var partSize: Int
    /// Parts of one upload sent at the same time.
    public var maximumPartsInFlight: Int
    /// Bytes of form fields other than `file` accepted in one request.
    public var maximumFieldBytes: Int
    /// Size of the parts streamed while they arrive, when the store can (see `PartStreamingStore`); they
    /// need no buffers, so they can be much larger than `partSize`. 0 turns streaming off.
    public var streamedPartSize: Int

    public init(
        maximumUploadBytes: Int64 = 5 * 1024 * 1024 * 1024,
        partSize: Int = 8 * 1024 * 1024,
        maximumPartsInFlight: Int = 3,
        maximumFieldBytes: Int = 64 * 1024,
        streamedPartSize: Int = 64 * 1024 * 1024
    ) {
        self.maximumUploadBytes = maximumUploadBytes
        // S3 allows 10,000 parts: grow the part size when the maximum file needs it.
        self.partSize = max(partSize, Int((maximumUploadBytes + 9_999) / 10_000))
        self.maximumPartsInFlight = maximumPartsInFlight
        self.maximumFieldBytes = maximumFieldBytes
        self.streamedPartSize = streamedPartSize
    }
}
