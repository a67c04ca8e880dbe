import Foundation
import S3Client

extension S3Store: PresigningStore {
    /// A SigV4 presigned PUT URL; the headers are the ones the client should send, not enforced by S3.
    public func presignPut(key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> PresignedRequest {
        let expiresAt = Date().addingTimeInterval(TimeInterval(expiresIn))
        let url = try await translatingFailures { try await client.presignedURL(.put, bucket: bucket, key: key, expiresIn: expiresIn) }
        return PresignedRequest(
            url: url.absoluteString, headers: ["Content-Type": contentType, "Content-Length": String(size)], expiresAt: expiresAt)
    }

    /// A POST policy that pins the key, the `Content-Type` and the exact size (`content-length-range`
    /// size..size).
    public func presignPost(key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> PresignedForm {
        let expiresAt = Date().addingTimeInterval(TimeInterval(expiresIn))
        // Signing needs credentials, which a web-identity provider may fail to fetch: a storage failure.
        let form = try await translatingFailures {
            try await client.presignedPost(
                bucket: bucket, key: key, expiresIn: expiresIn,
                fields: ["Content-Type": contentType],
                conditions: [.equals("Content-Type", contentType), .contentLengthRange(size...size)])
        }
        return PresignedForm(url: form.url, fields: form.fields, expiresAt: expiresAt)
    }

    public func presignGet(key: String, expiresIn: Int) async throws -> PresignedRequest {
        let expiresAt = Date().addingTimeInterval(TimeInterval(expiresIn))
        let url = try await translatingFailures { try await client.presignedURL(.get, bucket: bucket, key: key, expiresIn: expiresIn) }
        return PresignedRequest(url: url.absoluteString, expiresAt: expiresAt)
    }
}
