import AsyncHTTPClient
import Foundation
import Logging
import S3Client
import Storage

/// Builds the `ObjectStore` that `STORAGE_BACKEND` names: the one place that constructs an S3 client.
enum ObjectStoreFactory {
    static func make(_ configuration: StorageConfiguration, httpClient: HTTPClient, logger: Logger) throws -> any ObjectStore {
        switch configuration {
        case .local(let root):
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            return LocalStore(root: root)
        case .s3(let settings):
            var staticCredentials: S3Credentials?
            if let accessKey = settings.accessKey, let secretKey = settings.secretKey {
                staticCredentials = S3Credentials(accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: settings.sessionToken)
            }
            var configuration = S3Configuration(
                endpoint: settings.endpoint,
                region: settings.region,
                forcePathStyle: settings.forcePathStyle,
                credentialsProvider: S3CredentialsChain.default(
                    environment: settings.credentialsEnvironment, staticCredentials: staticCredentials, httpClient: httpClient,
                    logger: logger)
            )
            configuration.payloadSigning = settings.payloadSigning
            let client = try S3Client(configuration: configuration, httpClient: httpClient, logger: logger)
            return S3Store(client: client, bucket: settings.bucket)
        }
    }
}
