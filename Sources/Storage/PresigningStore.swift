import Foundation

/// A store that hands out requests a client may make without credentials of its own, until they expire:
/// S3 signs them with SigV4 (presigned URL, POST policy); the local backend signs grants for this
/// server's `/objects` endpoint (`LocalObjectEndpoint`).
public protocol PresigningStore: ObjectStore {
    /// A PUT of the object's raw bytes with `headers`. S3 can't pin the size or type of a presigned PUT,
    /// so whoever asked checks them once the object is there.
    func presignPut(key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> PresignedRequest

    /// A `multipart/form-data` POST of `fields`, then the file, that stores exactly `size` bytes of
    /// `contentType` under `key` and nothing else (boto3's `generate_presigned_post` shape).
    func presignPost(key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> PresignedForm

    /// A GET of the object (a `Range` header may be added).
    func presignGet(key: String, expiresIn: Int) async throws -> PresignedRequest
}

/// A presigned request: the absolute `url`, and the headers the client must send with it.
public struct PresignedRequest: Sendable, Equatable {
    public var url: String
    public var headers: [String: String]
    public var expiresAt: Date

    public init(url: String, headers: [String: String] = [:], expiresAt: Date) {
        self.url = url
        self.headers = headers
        self.expiresAt = expiresAt
    }
}

/// A presigned form upload: POST every field to `url`, then the file as the part named `file`.
public struct PresignedForm: Sendable, Equatable {
    public var url: String
    public var fields: [String: String]
    public var expiresAt: Date

    public init(url: String, fields: [String: String], expiresAt: Date) {
        self.url = url
        self.fields = fields
        self.expiresAt = expiresAt
    }
}
