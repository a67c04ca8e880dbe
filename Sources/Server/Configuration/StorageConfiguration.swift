import Foundation
import Settings
import Storage

/// Where file bytes go (`STORAGE_BACKEND`).
public enum StorageConfiguration: Sendable, Equatable {
    /// A folder on this machine (`LOCAL_STORAGE_PATH`).
    case local(root: URL)
    case s3(S3StorageSettings)

    public init(settings values: SettingValues) throws {
        switch values[ServiceSettings.storageBackend] {
        case .local:
            self = .local(root: URL(fileURLWithPath: values[ServiceSettings.localStoragePath], isDirectory: true).standardizedFileURL)
        case .s3:
            self = .s3(try S3StorageSettings(settings: values))
        }
    }
}

/// The bucket and how to reach it. Credentials: `S3_ACCESS_KEY`/`S3_SECRET_KEY`/`S3_SESSION_TOKEN` when
/// set, else the AWS chain (`AWS_*` variables, `~/.aws` profiles, web identity), resolved by S3Client
/// from `credentialsEnvironment`.
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
    public var payloadSigning: PayloadSigning = .automatic
    /// The `AWS_*` variables and `HOME` the credentials chain follows (`SettingValues.awsEnvironment`).
    public var credentialsEnvironment: [String: String] = [:]

    public init(
        endpoint: URL?, region: String, bucket: String, forcePathStyle: Bool, accessKey: String?, secretKey: String?, sessionToken: String?
    ) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.forcePathStyle = forcePathStyle
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
    }

    public init(settings values: SettingValues) throws {
        let endpoint = values[ServiceSettings.s3EndpointURL]
        guard let bucket = values[ServiceSettings.s3BucketName] else {
            throw ConfigurationError.missing("S3_BUCKET_NAME", hint: "the bucket files are stored in (STORAGE_BACKEND=s3)")
        }
        let accessKey = values[ServiceSettings.s3AccessKey]
        let secretKey = values[ServiceSettings.s3SecretKey]
        guard (accessKey == nil) == (secretKey == nil) else {
            throw ConfigurationError.missing(
                "S3_ACCESS_KEY and S3_SECRET_KEY", hint: "set both, or neither to use the AWS credentials chain")
        }
        let awsRegion = values.awsEnvironment["AWS_REGION"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(
            endpoint: endpoint,
            region: values[ServiceSettings.s3RegionName] ?? awsRegion ?? "us-east-1",
            bucket: bucket,
            forcePathStyle: values[ServiceSettings.s3ForcePathStyle] ?? (endpoint != nil),
            accessKey: accessKey,
            secretKey: secretKey,
            sessionToken: values[ServiceSettings.s3SessionToken]
        )
        payloadSigning = values[ServiceSettings.s3PayloadSigning]
        credentialsEnvironment = values.awsEnvironment
    }
}
