import Foundation
import Storage

/// Where file bytes go.
public enum StorageBackend: String, Sendable, CaseIterable {
    case local
    case s3
}

extension ServiceSettings {
    static let storage: [AnySetting] = [
        storageBackend.erased, localStoragePath.erased, s3EndpointURL.erased, s3RegionName.erased, s3BucketName.erased,
        s3AccessKey.erased, s3SecretKey.erased, s3SessionToken.erased, s3ForcePathStyle.erased, s3PayloadSigning.erased,
    ]

    public static let storageBackend = Setting<StorageBackend>(
        "STORAGE_BACKEND", "`local` or `s3`", default: .local, shown: "`local`", placeholder: "backend", parse: SettingParsers.choice)

    public static let localStoragePath = Setting<String>(
        "LOCAL_STORAGE_PATH", "root folder of the local backend", default: "./.data/objects", shown: "`./.data/objects`",
        placeholder: "path", parse: { $0 })

    public static let s3EndpointURL = Setting<URL?>(
        "S3_ENDPOINT_URL", "S3 endpoint (RGW, MinIO, SeaweedFS…); unset = AWS", default: nil, shown: "AWS", placeholder: "url",
        parse: SettingParsers.httpURL)

    /// The AWS region variable is the AWS SDKs' convention, so it is honoured when this one is unset.
    public static let s3RegionName = Setting<String?>(
        "S3_REGION_NAME", "S3 region", default: nil, shown: "`AWS_REGION`, else `us-east-1`", placeholder: "region",
        parse: SettingParsers.text)

    public static let s3BucketName = Setting<String?>(
        "S3_BUCKET_NAME", "bucket the files are stored in", default: nil, shown: "required for `s3`", placeholder: "bucket",
        parse: SettingParsers.text)

    public static let s3AccessKey = Setting<String?>(
        "S3_ACCESS_KEY",
        "static access key (with `S3_SECRET_KEY`); when unset, the AWS chain: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, then `~/.aws/credentials` + `~/.aws/config` (`AWS_PROFILE`), then web identity (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, STS AssumeRoleWithWebIdentity, refreshed before expiry — EKS/IRSA)",
        default: nil, shown: "chain", placeholder: "key", parse: SettingParsers.text)

    public static let s3SecretKey = Setting<String?>(
        "S3_SECRET_KEY", "static secret key (with `S3_ACCESS_KEY`)", default: nil, shown: "chain", placeholder: "secret",
        secret: true, parse: SettingParsers.text)

    public static let s3SessionToken = Setting<String?>(
        "S3_SESSION_TOKEN", "session token of temporary static credentials", default: nil, shown: "unset", placeholder: "token",
        secret: true, parse: SettingParsers.text)

    public static let s3ForcePathStyle = Setting<Bool?>(
        "S3_FORCE_PATH_STYLE", "path-style addressing, `true` or `false` (RGW, MinIO, SeaweedFS)", default: nil,
        shown: "`true` when an endpoint is set", placeholder: "bool", parse: SettingParsers.boolean)

    public static let s3PayloadSigning = Setting<PayloadSigning>(
        "S3_PAYLOAD_SIGNING",
        "`signed`: object and part bodies carry their SHA-256 in the signature (S3 rejects altered bytes; a SHA-256 pass here and one on the S3 side); `unsigned`: `UNSIGNED-PAYLOAD`, integrity left to the transport; `auto`: unsigned over https, signed over http, as the AWS SDKs do",
        default: .automatic, shown: "`auto`", placeholder: "mode", parse: SettingParsers.choice)
}
