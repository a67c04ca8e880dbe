/// A part stored in an unfinished multipart upload (ListParts).
public struct StoredPart: Sendable, Hashable {
    public var partNumber: Int
    public var etag: String
    public var size: Int64

    public init(partNumber: Int, etag: String, size: Int64) {
        self.partNumber = partNumber
        self.etag = etag
        self.size = size
    }

    /// The part as `completeMultipartUpload` names it.
    public var completed: CompletedPart { CompletedPart(partNumber: partNumber, etag: etag) }
}
