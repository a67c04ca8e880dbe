import ArgumentParser
import Foundation
import Logging
import Server

/// `s3uploader serve`: every option mirrors an environment variable (DESIGN §2); a flag wins over the
/// variable of the same name.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (migrates the database first unless --no-migrate).",
        discussion: """
        Configuration comes from environment variables; each option below overrides the variable named \
        in its help. Token verification needs one of JWT_PUBLIC_KEY, JWT_PUBLIC_KEY_FILE, JWT_JWKS_URL, \
        JWT_HMAC_SECRET.
        """
    )

    @Option(help: "Listen address (HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Listen port (PORT, default 8080).") var port: Int?
    @Option(help: "postgres://user:pass@host:port/db?sslmode=… (DATABASE_URL).") var databaseURL: String?
    @Option(help: "local or s3 (STORAGE_BACKEND, default local).") var storageBackend: String?
    @Option(help: "Root folder of the local backend (LOCAL_STORAGE_PATH, default ./.data/objects).") var localStoragePath: String?
    @Option(help: "S3 endpoint; empty means AWS (S3_ENDPOINT_URL).") var s3EndpointURL: String?
    @Option(help: "S3 region (S3_REGION_NAME, default us-east-1).") var s3RegionName: String?
    @Option(help: "S3 bucket (S3_BUCKET_NAME).") var s3BucketName: String?
    @Option(help: "Path-style addressing, true or false (S3_FORCE_PATH_STYLE, default true when an endpoint is set).") var s3ForcePathStyle: String?
    @Option(help: "Sign object bodies: auto (over http only), signed or unsigned (S3_PAYLOAD_SIGNING, default auto).") var s3PayloadSigning: String?
    @Option(help: "S3 access key (S3_ACCESS_KEY, else AWS_ACCESS_KEY_ID).") var s3AccessKey: String?
    @Option(help: "S3 secret key (S3_SECRET_KEY, else AWS_SECRET_ACCESS_KEY).") var s3SecretKey: String?
    @Option(help: "PEM public key that signs bearer tokens (JWT_PUBLIC_KEY).") var jwtPublicKey: String?
    @Option(help: "File holding that PEM key (JWT_PUBLIC_KEY_FILE).") var jwtPublicKeyFile: String?
    @Option(help: "JWKS endpoint (JWT_JWKS_URL).") var jwtJWKSURL: String?
    @Option(help: "HMAC secret of at least 32 bytes (JWT_HMAC_SECRET).") var jwtHMACSecret: String?
    @Option(help: "Allowed algorithms, e.g. RS256,ES256 (JWT_ALGORITHMS, default RS256).") var jwtAlgorithms: String?
    @Option(help: "Required `iss` (JWT_ISSUER).") var jwtIssuer: String?
    @Option(help: "Required `aud` (JWT_AUDIENCE).") var jwtAudience: String?
    @Option(help: "Largest accepted file in bytes (MAX_UPLOAD_BYTES, default 5368709120).") var maxUploadBytes: Int64?
    @Option(help: "Multipart part size in bytes, at least 5 MiB (UPLOAD_PART_BYTES, default 8388608).") var uploadPartBytes: Int?
    @Option(help: "Parts of one upload sent at once (UPLOAD_PARTS_IN_FLIGHT, default 3).") var uploadPartsInFlight: Int?
    @Option(help: "Size of parts streamed as they arrive, no buffers; 0 = off (UPLOAD_STREAMED_PART_BYTES, default 67108864).") var uploadStreamedPartBytes: Int?
    @Option(help: "Part buffer bytes shared by all uploads (UPLOAD_BUFFER_BYTES, default 268435456).") var uploadBufferBytes: Int?
    @Option(help: "Log level: trace, debug, info, notice, warning, error (LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "Job worker loops inside this server; 0 runs none (WORKERS, default 2).") var workers: Int?
    @Flag(help: "Don't apply migrations at start.") var noMigrate = false

    func run() async throws {
        LargeAllocations.returnToSystemWhenFreed()
        var environment = ProcessInfo.processInfo.environment
        let overrides: [(String, String?)] = [
            ("HOST", host), ("PORT", port.map(String.init)), ("DATABASE_URL", databaseURL),
            ("STORAGE_BACKEND", storageBackend), ("LOCAL_STORAGE_PATH", localStoragePath),
            ("S3_ENDPOINT_URL", s3EndpointURL), ("S3_REGION_NAME", s3RegionName), ("S3_BUCKET_NAME", s3BucketName),
            ("S3_FORCE_PATH_STYLE", s3ForcePathStyle), ("S3_PAYLOAD_SIGNING", s3PayloadSigning), ("S3_ACCESS_KEY", s3AccessKey), ("S3_SECRET_KEY", s3SecretKey),
            ("JWT_PUBLIC_KEY", jwtPublicKey), ("JWT_PUBLIC_KEY_FILE", jwtPublicKeyFile), ("JWT_JWKS_URL", jwtJWKSURL),
            ("JWT_HMAC_SECRET", jwtHMACSecret), ("JWT_ALGORITHMS", jwtAlgorithms), ("JWT_ISSUER", jwtIssuer),
            ("JWT_AUDIENCE", jwtAudience), ("MAX_UPLOAD_BYTES", maxUploadBytes.map(String.init)),
            ("UPLOAD_PART_BYTES", uploadPartBytes.map(String.init)), ("UPLOAD_PARTS_IN_FLIGHT", uploadPartsInFlight.map(String.init)),
            ("UPLOAD_STREAMED_PART_BYTES", uploadStreamedPartBytes.map(String.init)),
            ("UPLOAD_BUFFER_BYTES", uploadBufferBytes.map(String.init)), ("LOG_LEVEL", logLevel),
            ("WORKERS", workers.map(String.init)),
        ]
        for case let (name, value?) in overrides { environment[name] = value }

        let logger = Logger.service(level: environment["LOG_LEVEL"])
        var configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration(environment: environment)
        } catch {
            throw ValidationError("\(error)")
        }
        if noMigrate { configuration.migrateOnStart = false }
        try await UploaderService(configuration: configuration, logger: logger).run()
    }
}

extension Logger {
    static func service(level: String?) -> Logger {
        var logger = Logger(label: "s3uploader")
        logger.logLevel = level.flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        return logger
    }
}
