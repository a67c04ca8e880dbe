import Auth
import Foundation
import Middleware
import Settings
import Uploads

/// Everything `serve` needs, built once at start from its settings (`ServiceSettings.serve`).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var databaseURL: String
    public var storage: StorageConfiguration
    public var tokens: TokenVerifierConfiguration
    public var uploads: UploadSettings
    /// Bytes of part buffers shared by all uploads in flight (`UPLOAD_BUFFER_BYTES`).
    public var uploadBufferBytes: Int
    /// Apply `sql/schema` migrations before serving.
    public var migrateOnStart: Bool
    /// Presigned uploads, job workers, webhooks.
    public var directUploads = DirectUploadConfiguration()
    /// The chunk API and tus.
    public var resumableUploads = ResumableUploadConfiguration()
    /// `CORS_ALLOWED_ORIGINS`: browser origins allowed to call the service; nil = no CORS headers.
    public var crossOrigin: CrossOriginPolicy?

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        databaseURL: String,
        storage: StorageConfiguration,
        tokens: TokenVerifierConfiguration,
        uploads: UploadSettings = UploadSettings(),
        uploadBufferBytes: Int = 256 * 1024 * 1024,
        migrateOnStart: Bool = true
    ) {
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.storage = storage
        self.tokens = tokens
        self.uploads = uploads
        self.uploadBufferBytes = uploadBufferBytes
        self.migrateOnStart = migrateOnStart
    }

    /// `serve`'s configuration from its settings, with the checks that involve several of them.
    public init(settings values: SettingValues) throws {
        guard let databaseURL = values[ServiceSettings.databaseURL] else {
            throw ConfigurationError.missing("DATABASE_URL", hint: "postgres://user:pass@host:port/db (make run starts a local one)")
        }
        self.init(
            host: values[ServiceSettings.host],
            port: values[ServiceSettings.port],
            databaseURL: databaseURL,
            storage: try StorageConfiguration(settings: values),
            tokens: try TokenVerifierConfiguration(settings: values),
            uploads: UploadSettings(
                maximumUploadBytes: values[ServiceSettings.maxUploadBytes],
                partSize: values[ServiceSettings.uploadPartBytes],
                maximumPartsInFlight: values[ServiceSettings.uploadPartsInFlight],
                streamedPartSize: values[ServiceSettings.uploadStreamedPartBytes]
            ),
            uploadBufferBytes: values[ServiceSettings.uploadBufferBytes],
            migrateOnStart: true
        )
        directUploads = try DirectUploadConfiguration(settings: values)
        resumableUploads = try ResumableUploadConfiguration(settings: values)
        crossOrigin = values[ServiceSettings.crossOriginOrigins]
        guard uploadBufferBytes >= uploads.partSize else {
            throw ConfigurationError.invalid("UPLOAD_BUFFER_BYTES", reason: "must hold at least one part (\(uploads.partSize) bytes)")
        }
    }
}
