import Foundation
import S3Client

/// Where file bytes go (`STORAGE_BACKEND`).
public enum StorageConfiguration: Sendable, Equatable {
    /// A folder on this machine (`LOCAL_STORAGE_PATH`).
    case local(root: URL)
    case s3(S3StorageSettings)

    public init(environment: [String: String]) throws {
        let reader = EnvironmentReader(environment)
        switch reader.string("STORAGE_BACKEND")?.lowercased() ?? "local" {
        case "local":
            self = .local(root: URL(fileURLWithPath: reader.string("LOCAL_STORAGE_PATH") ?? "./.data/objects", isDirectory: true).standardizedFileURL)
        case "s3":
            self = .s3(try S3StorageSettings(environment: environment))
        case let other:
            throw ConfigurationError.invalid("STORAGE_BACKEND", reason: "must be local or s3, got \"\(other)\"")
        }
    }
}

/// The S3 variables of DESIGN §2. Credentials: `S3_ACCESS_KEY`/`S3_SECRET_KEY`/`S3_SESSION_TOKEN` when
/// set, else the AWS chain (`AWS_*` variables, `~/.aws` profiles, web identity), resolved by S3Client.
public struct S3StorageSettings: Sendable, Equatable {
    public var endpoint: URL?
    public var region: String
    public var bucket: String
    public var forcePathStyle: Bool
    /// Static credentials; `nil` means the AWS credentials chain.
    public var accessKey: String?
    public var secretKey: String?
    public var sessionToken: String?
    /// `S3_PAYLOAD_SIGNING`: whether object bodies are signed (`auto`: over http only).
    public var payloadSigning: S3PayloadSigning = .automatic

    public init(endpoint: URL?, region: String, bucket: String, forcePathStyle: Bool, accessKey: String?, secretKey: String?, sessionToken: String?) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.forcePathStyle = forcePathStyle
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
    }

    public init(environment: [String: String]) throws {
        let reader = EnvironmentReader(environment)
        var endpoint: URL?
        if let text = reader.string("S3_ENDPOINT_URL") {
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigurationError.invalid("S3_ENDPOINT_URL", reason: "must be an http(s) URL, got \"\(text)\"")
            }
            endpoint = url
        }
        guard let bucket = reader.string("S3_BUCKET_NAME") else {
            throw ConfigurationError.missing("S3_BUCKET_NAME", hint: "the bucket files are stored in (STORAGE_BACKEND=s3)")
        }
        let accessKey = reader.string("S3_ACCESS_KEY"), secretKey = reader.string("S3_SECRET_KEY")
        guard (accessKey == nil) == (secretKey == nil) else {
            throw ConfigurationError.missing("S3_ACCESS_KEY and S3_SECRET_KEY", hint: "set both, or neither to use the AWS credentials chain")
        }
        self.init(
            endpoint: endpoint,
            region: reader.string("S3_REGION_NAME") ?? reader.string("AWS_REGION") ?? "us-east-1",
            bucket: bucket,
            forcePathStyle: try reader.boolean("S3_FORCE_PATH_STYLE") ?? (endpoint != nil),
            accessKey: accessKey,
            secretKey: secretKey,
            sessionToken: reader.string("S3_SESSION_TOKEN")
        )
        if let text = reader.string("S3_PAYLOAD_SIGNING") {
            guard let signing = S3PayloadSigning(rawValue: text.lowercased()) else {
                let choices = S3PayloadSigning.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConfigurationError.invalid("S3_PAYLOAD_SIGNING", reason: "must be one of \(choices), got \"\(text)\"")
            }
            payloadSigning = signing
        }
    }
}
