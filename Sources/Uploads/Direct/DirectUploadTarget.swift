import Foundation

/// How the client sends the bytes of a presigned upload.
public enum DirectUploadMethod: String, Sendable {
    /// A `multipart/form-data` POST of `fields` then `file` (boto3's `generate_presigned_post`).
    case post
    /// A PUT of the raw bytes with `headers`.
    case put
}

/// Where and how to send a file: `url` plus `fields` (POST) or `headers` (PUT).
public struct DirectUploadGrant: Sendable, Equatable {
    public var method: DirectUploadMethod
    public var url: String
    public var fields: [String: String]
    public var headers: [String: String]
    public var expiresAt: Date
}

/// Signs uploads of one exact object: key, size and content type. `PresignedUploadTarget` asks the store
/// (S3's presigned POST policy / PUT URL, or the local backend's grants for its `/objects` endpoint).
public protocol DirectUploadTarget: Sendable {
    func grant(method: DirectUploadMethod, key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> DirectUploadGrant
}
