import Foundation

/// Static credentials used to sign requests.
public struct S3Credentials: Sendable, Hashable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Temporary credentials (STS) carry a session token, sent as `x-amz-security-token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension S3Credentials: CustomStringConvertible {
    /// Never prints the secret or the token.
    public var description: String { "S3Credentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>)" }
}

/// Where an `S3Client` sends requests and how it addresses buckets.
public struct S3Configuration: Sendable {
    /// The S3 endpoint, e.g. `http://127.0.0.1:7480`; `nil` means AWS (`https://s3.<region>.amazonaws.com`).
    public var endpoint: URL?
    public var region: String
    /// `true`: `https://host/bucket/key`; `false`: `https://bucket.host/key` (virtual-hosted style).
    public var forcePathStyle: Bool
    public var credentials: S3Credentials

    public init(endpoint: URL?, region: String, forcePathStyle: Bool, credentials: S3Credentials) {
        self.endpoint = endpoint
        self.region = region
        self.forcePathStyle = forcePathStyle
        self.credentials = credentials
    }

    /// The endpoint actually used: the configured one or the AWS regional endpoint.
    public var resolvedEndpoint: URL {
        endpoint ?? URL(string: "https://s3.\(region).amazonaws.com")!
    }
}
