import Auth
import Foundation
import Middleware
import Uploads

/// Everything `serve` needs, read from the environment (DESIGN §2); the command-line flags of
/// `s3uploader serve` override the same names.
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
    /// Presigned uploads, job workers, webhooks (DirectUploadConfiguration.swift lists the variables).
    public var directUploads = DirectUploadConfiguration()
    /// Seed 002's chunk API and tus (ResumableUploadConfiguration.swift lists the variables).
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

    public init(environment: [String: String]) throws {
        var reader = EnvironmentReader(environment)
        guard let databaseURL = reader.string("DATABASE_URL") else {
            throw ConfigurationError.missing("DATABASE_URL", hint: "postgres://user:pass@host:port/db (make run starts a local one)")
        }
        let maximumUploadBytes = try reader.integer("MAX_UPLOAD_BYTES") ?? 5 * 1024 * 1024 * 1024
        self.init(
            host: reader.string("HOST") ?? "127.0.0.1",
            port: try reader.integer("PORT").map(Int.init) ?? 8080,
            databaseURL: databaseURL,
            storage: try StorageConfiguration(environment: environment),
            tokens: try TokenVerifierConfiguration(environment: environment),
            uploads: UploadSettings(
                maximumUploadBytes: maximumUploadBytes,
                partSize: try reader.integer("UPLOAD_PART_BYTES").map(Int.init) ?? 8 * 1024 * 1024,
                maximumPartsInFlight: try reader.integer("UPLOAD_PARTS_IN_FLIGHT").map(Int.init) ?? 3,
                streamedPartSize: try reader.integer("UPLOAD_STREAMED_PART_BYTES").map(Int.init) ?? 64 * 1024 * 1024
            ),
            uploadBufferBytes: try reader.integer("UPLOAD_BUFFER_BYTES").map(Int.init) ?? 256 * 1024 * 1024,
            migrateOnStart: true
        )
        directUploads = try DirectUploadConfiguration(environment: environment, maximumUploadBytes: maximumUploadBytes)
        resumableUploads = try ResumableUploadConfiguration(environment: environment)
        do {
            crossOrigin = try reader.string("CORS_ALLOWED_ORIGINS").flatMap(CrossOriginPolicy.init(allowedOriginsList:))
        } catch let error as CrossOriginPolicyError {
            throw ConfigurationError.invalid("CORS_ALLOWED_ORIGINS", reason: error.description)
        }
        guard uploads.partSize >= 5 * 1024 * 1024 else {
            throw ConfigurationError.invalid("UPLOAD_PART_BYTES", reason: "must be at least 5 MiB (5242880), S3's smallest part")
        }
        guard uploads.streamedPartSize == 0 || uploads.streamedPartSize >= 5 * 1024 * 1024 else {
            throw ConfigurationError.invalid("UPLOAD_STREAMED_PART_BYTES", reason: "must be 0 (off) or at least 5 MiB (5242880)")
        }
        guard uploadBufferBytes >= uploads.partSize else {
            throw ConfigurationError.invalid("UPLOAD_BUFFER_BYTES", reason: "must hold at least one part (\(uploads.partSize) bytes)")
        }
    }
}

/// A configuration value that is missing or unusable; the message names the variable.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    case missing(String, hint: String)
    case invalid(String, reason: String)

    public var description: String {
        switch self {
        case .missing(let name, let hint): "\(name) is required: \(hint)"
        case .invalid(let name, let reason): "\(name) \(reason)"
        }
    }
}

struct EnvironmentReader {
    let environment: [String: String]

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    /// A non-empty value.
    func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func integer(_ name: String) throws -> Int64? {
        guard let text = string(name) else { return nil }
        guard let value = Int64(text), value >= 0 else { throw ConfigurationError.invalid(name, reason: "must be a non-negative integer, got \"\(text)\"") }
        return value
    }

    func boolean(_ name: String) throws -> Bool? {
        guard let text = string(name)?.lowercased() else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError.invalid(name, reason: "must be true or false, got \"\(text)\"")
        }
    }
}
