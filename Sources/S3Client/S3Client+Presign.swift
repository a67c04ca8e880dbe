import Foundation

/// The methods a presigned URL can be made for.
public enum S3PresignedMethod: String, Sendable {
    case get = "GET"
    case put = "PUT"
}

extension S3Client {
    /// A URL that lets anyone holding it `GET` or `PUT` the object for `expiresIn` seconds (at most 7 days)
    /// without credentials. A presigned PUT must be sent without extra signed headers; its body is unsigned.
    public func presignedURL(
        _ method: S3PresignedMethod, bucket: String, key: String, expiresIn: Int, date: Date = Date()
    ) throws -> URL {
        let (host, path) = try location(bucket: bucket, key: key)
        let query = try signer.presignedQuery(
            for: SigV4Request(method: method.rawValue, host: host, encodedPath: path),
            expires: expiresIn, date: date)
        guard let url = URL(string: "\(endpoint.scheme)://\(host)\(path)?\(query)") else {
            throw S3ClientError.invalidEndpoint("\(endpoint.scheme)://\(host)\(path)")
        }
        return url
    }
}
