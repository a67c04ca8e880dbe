import Foundation
import S3Client
import Server

extension ServerHarness {
    /// The service's S3 settings for `bucket` on `store`; the application is handed its client
    /// directly, so no credentials are set here.
    public static func s3Storage(bucket: String, on store: S3TestStore = .rgw) throws -> StorageConfiguration {
        .s3(
            S3StorageSettings(
                endpoint: try store.endpoint, region: store.region, bucket: bucket, forcePathStyle: true,
                accessKey: nil, secretKey: nil, sessionToken: nil))
    }
}
