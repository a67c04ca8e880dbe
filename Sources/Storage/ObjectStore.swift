import Foundation
import NIOCore

/// Where file bytes live: S3 (or any S3-compatible store) or a folder on local disk.
///
/// The shape follows S3 so that one upload pipeline drives every backend: small files are stored with
/// one `putObject`, large ones as a multipart upload whose parts are sent while the request streams in.
/// What only some stores can do is a protocol of its own that refines this one: `PresigningStore`
/// (requests clients make without credentials), `MultipartListingStore` (finding abandoned multipart
/// uploads), `PartStreamingStore` (parts sent while their bytes arrive). `S3Store` and `LocalStore`
/// conform to all of them.
public protocol ObjectStore: Sendable {
    /// The smallest part a multipart upload accepts, except for its last part (5 MiB on S3).
    var minimumPartSize: Int { get }

    /// Stores a whole object in one request and returns its entity tag.
    @discardableResult
    func putObject(key: String, body: ByteBuffer, contentType: String?) async throws -> String?

    /// Starts a multipart upload and returns its upload id.
    func createMultipartUpload(key: String, contentType: String?) async throws -> String

    /// Stores part `partNumber` (1...10000) of a multipart upload.
    func uploadPart(key: String, uploadID: String, partNumber: Int, body: ByteBuffer) async throws -> CompletedPart

    /// Assembles the parts into the final object; nothing is visible under `key` before this returns.
    func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws

    /// Discards a multipart upload and its parts. Succeeds when the upload is already gone.
    func abortMultipartUpload(key: String, uploadID: String) async throws

    /// The parts stored so far in an unfinished multipart upload, by part number, with their sizes.
    func listParts(key: String, uploadID: String) async throws -> [StoredPart]

    /// The object's metadata, or `nil` when there is no object under `key`.
    func headObject(key: String) async throws -> ObjectMetadata?

    /// Streams the object, or the inclusive byte `range` of it. Throws `ObjectStoreError.notFound`.
    func getObject(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload

    /// Removes the object. Succeeds when there is no object under `key`.
    func deleteObject(key: String) async throws

    /// Throws when the store can't be reached (used by `/readyz`).
    func checkReadiness() async throws

    /// Copies the object at `source` to `destination` (replacing it), keeping its content type.
    /// Throws `ObjectStoreError.notFound` when there is no source. `S3Store` and `LocalStore` copy on
    /// their side (CopyObject, a file copy); the default, for stores that can't, streams the bytes
    /// through this process.
    func copyObject(from source: String, to destination: String) async throws
}

/// A stored part of a multipart upload, as `completeMultipartUpload` needs it.
public struct CompletedPart: Sendable, Hashable {
    public var partNumber: Int
    public var etag: String

    public init(partNumber: Int, etag: String) {
        self.partNumber = partNumber
        self.etag = etag
    }
}

public struct ObjectMetadata: Sendable, Hashable {
    public var key: String
    public var size: Int64
    public var etag: String?
    public var contentType: String?
    public var lastModified: Date?

    public init(key: String, size: Int64, etag: String? = nil, contentType: String? = nil, lastModified: Date? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.lastModified = lastModified
    }
}

/// An object being read: its metadata, the byte range being sent, and the bytes as they arrive.
public struct ObjectDownload: Sendable {
    public var metadata: ObjectMetadata
    /// The inclusive range of the object that `body` yields; `nil` for the whole object.
    public var range: ClosedRange<Int64>?
    public var body: any AsyncSequence<ByteBuffer, any Error> & Sendable

    public init(metadata: ObjectMetadata, range: ClosedRange<Int64>?, body: any AsyncSequence<ByteBuffer, any Error> & Sendable) {
        self.metadata = metadata
        self.range = range
        self.body = body
    }

    /// Number of bytes `body` yields.
    public var contentLength: Int64 {
        guard let range else { return metadata.size }
        return range.upperBound - range.lowerBound + 1
    }
}

public enum ObjectStoreError: Error, Sendable, Equatable {
    case notFound(key: String)
    /// The requested range starts beyond the end of the object.
    case invalidRange
    /// The store could not be reached, dropped the connection, timed out or asked to slow down, and the
    /// request could not be repeated (again): the same request may well succeed later. `reason` is for logs.
    case unavailable(reason: String)
    /// The store refused the request or answered something unusable (access denied, no such bucket, a
    /// malformed answer): repeating it won't help until the store or its configuration changes.
    case failed(reason: String)
}
