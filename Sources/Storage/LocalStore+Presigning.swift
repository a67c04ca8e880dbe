extension LocalStore: PresigningStore {
    /// A grant for `PUT` on this server's `/objects` endpoint, pinning the exact size and type.
    public func presignPut(key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> PresignedRequest {
        _ = try path(for: key)
        return endpoint.presignPut(key: key, size: size, contentType: contentType, expiresIn: expiresIn)
    }

    /// A grant for the `/objects` form, pinning the key, exact size and type like an S3 POST policy.
    public func presignPost(key: String, size: Int64, contentType: String, expiresIn: Int) async throws -> PresignedForm {
        _ = try path(for: key)
        return endpoint.presignPost(key: key, size: size, contentType: contentType, expiresIn: expiresIn)
    }

    public func presignGet(key: String, expiresIn: Int) async throws -> PresignedRequest {
        _ = try path(for: key)
        return endpoint.presignGet(key: key, expiresIn: expiresIn)
    }
}
