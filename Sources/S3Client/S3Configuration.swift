import Foundation

/// Credentials used to sign requests.
public struct S3Credentials: Sendable, Hashable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Temporary credentials (STS) carry a session token, sent as `x-amz-security-token`.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-lived keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

extension S3Credentials: CustomStringConvertible {
    /// Never prints the secret or the token.
    public var description: String {
        "S3Credentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
            + (sessionToken == nil ? ")" : ", sessionToken: <redacted>)")
    }
}

/// Where an `S3Client` sends requests, how it addresses buckets and where its credentials come from.
public struct S3Configuration: Sendable {
    /// The S3 endpoint, e.g. `http://127.0.0.1:7480`; `nil` means AWS (`https://s3.<region>.amazonaws.com`).
    public var endpoint: URL?
    public var region: String
    /// `true`: `https://host/bucket/key`; `false`: `https://bucket.host/key` (virtual-hosted style).
    public var forcePathStyle: Bool
    /// Asked for credentials before each request is signed (providers cache and refresh on their own).
    public var credentialsProvider: any S3CredentialsProvider
    /// Whether object and part bodies are signed (see `S3PayloadSigning`).
    public var payloadSigning: S3PayloadSigning = .automatic

    /// A configuration with fixed credentials.
    public init(endpoint: URL?, region: String, forcePathStyle: Bool, credentials: S3Credentials) {
        self.init(
            endpoint: endpoint, region: region, forcePathStyle: forcePathStyle,
            credentialsProvider: S3StaticCredentialsProvider(credentials))
    }

    /// A configuration whose credentials come from `credentialsProvider`, e.g. `S3CredentialsChain.default()`.
    public init(endpoint: URL?, region: String, forcePathStyle: Bool, credentialsProvider: any S3CredentialsProvider) {
        self.endpoint = endpoint
        self.region = region
        self.forcePathStyle = forcePathStyle
        self.credentialsProvider = credentialsProvider
    }

    /// The endpoint actually used: the configured one or the AWS regional endpoint
    /// `https://s3.<region>.amazonaws.com` (`amazonaws.com.cn` for China regions).
    public var resolvedEndpoint: URL {
        if let endpoint { return endpoint }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return URL(string: "https://s3.\(region).\(suffix)")!
    }
}
