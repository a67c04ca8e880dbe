import Foundation
import Storage

/// Presigned uploads through the store's own presigning: an S3 POST policy or PUT URL, or the local
/// backend's signed grants for this server's `/objects` endpoint. The POST pins the key, the exact size
/// and the `Content-Type`; a presigned PUT to S3 can pin neither size nor type, so for PUT they are
/// checked only by `confirm`.
public struct PresignedUploadTarget: DirectUploadTarget {
    public let store: any PresigningStore

    public init(store: any PresigningStore) {
        self.store = store
    }

    public func grant(method: DirectUploadMethod, key: String, size: Int64, contentType: String, expiresIn: Int) async throws
        -> DirectUploadGrant
    {
        switch method {
        case .post:
            let form = try await store.presignPost(key: key, size: size, contentType: contentType, expiresIn: expiresIn)
            return DirectUploadGrant(method: .post, url: form.url, fields: form.fields, headers: [:], expiresAt: form.expiresAt)
        case .put:
            let request = try await store.presignPut(key: key, size: size, contentType: contentType, expiresIn: expiresIn)
            return DirectUploadGrant(method: .put, url: request.url, fields: [:], headers: request.headers, expiresAt: request.expiresAt)
        }
    }
}
