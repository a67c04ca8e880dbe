import Foundation
import S3Client
import Storage

/// Presigned uploads straight to the bucket. The POST policy pins the key, the exact size
/// (`content-length-range` len..len) and the `Content-Type`; a presigned PUT can pin neither size nor
/// type, so for PUT they are checked only by `confirm`.
public struct S3DirectUploadTarget: DirectUploadTarget {
    public let store: S3Store

    public init(store: S3Store) {
        self.store = store
    }

    public func grant(method: DirectUploadMethod, key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> DirectUploadGrant {
        let expiresAt = Date().addingTimeInterval(TimeInterval(expiresIn))
        switch method {
        case .post:
            let form = try await store.client.presignedPost(
                bucket: store.bucket, key: key, expiresIn: expiresIn,
                fields: ["Content-Type": contentType],
                conditions: [.equals("Content-Type", contentType), .contentLengthRange(size...size)])
            return DirectUploadGrant(method: .post, url: form.url, fields: form.fields, headers: [:], expiresAt: expiresAt)
        case .put:
            let url = try await store.client.presignedURL(.put, bucket: store.bucket, key: key, expiresIn: expiresIn)
            return DirectUploadGrant(
                method: .put, url: url.absoluteString, fields: [:],
                headers: ["Content-Type": contentType, "Content-Length": String(size)], expiresAt: expiresAt)
        }
    }
}
