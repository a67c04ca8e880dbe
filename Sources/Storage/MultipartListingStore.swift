import Foundation

/// A store that can list its unfinished multipart uploads, so that uploads nobody will complete (their
/// server died, their client gave up) can be found and aborted (`abortMultipartUpload`).
public protocol MultipartListingStore: ObjectStore {
    /// Every multipart upload started before `cutoff` and neither completed nor aborted, read whole
    /// before it is returned (aborting them afterwards doesn't disturb the listing).
    func multipartUploads(initiatedBefore cutoff: Date) async throws -> [PendingMultipartUpload]
}

/// An unfinished multipart upload.
public struct PendingMultipartUpload: Sendable, Hashable {
    public var key: String
    public var uploadID: String
    public var initiated: Date

    public init(key: String, uploadID: String, initiated: Date) {
        self.key = key
        self.uploadID = uploadID
        self.initiated = initiated
    }
}
