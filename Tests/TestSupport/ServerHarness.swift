import Auth
import Database
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import PostgresNIO
import Server
import Storage
import Uploads

/// The real application on a random port, with a scratch PostgreSQL database, a `LocalStore` in a
/// temporary folder, and HS256 tokens (`token(for:)`).
public struct ServerHarness: Sendable {
    public static let secret = "test-secret-that-is-at-least-32-bytes-long!"
    public let database: ScratchDatabase
    public let storageRoot: URL
    public let configuration: ServerConfiguration

    /// - Parameter configure: adjusts the configuration before the application is built.
    public static func run(
        maximumUploadBytes: Int64 = 64 * 1024 * 1024,
        logLabel: String = "server-tests",
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ test: @escaping @Sendable (ServerHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await ScratchDatabase.with { database in
            try await ScratchFolder.with { root in
                try await serve(
                    database: database, storage: .local(root: root), store: LocalStore(root: root),
                    uploads: UploadSettings(maximumUploadBytes: maximumUploadBytes, partSize: 5 * 1024 * 1024),
                    uploadBufferBytes: 32 * 1024 * 1024, logLabel: logLabel, configure: configure
                ) { configuration, client in
                    try await test(ServerHarness(database: database, storageRoot: root, configuration: configuration), client)
                }
            }
        }
    }

    /// Builds the application on `database` and `store` (which `storage` describes) and runs `test`
    /// against it live; tokens are HS256 with `secret`, audience `uploads`.
    public static func serve(
        database: ScratchDatabase,
        storage: StorageConfiguration,
        store: any ObjectStore,
        uploads: UploadSettings,
        uploadBufferBytes: Int,
        logLabel: String,
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ test: @escaping @Sendable (ServerConfiguration, any TestClientProtocol) async throws -> Void
    ) async throws {
        var tokens = TokenVerifierConfiguration(hmacSecret: secret, algorithms: [.hs256])
        tokens.audience = "uploads"
        var configuration = ServerConfiguration(
            port: 0, databaseURL: database.url, storage: storage, tokens: tokens, uploads: uploads,
            uploadBufferBytes: uploadBufferBytes)
        configure(&configuration)
        let logger = Logger(label: logLabel)
        let dependencies = ApplicationDependencies(
            postgres: PostgresClient(configuration: try DatabaseURL.parse(database.url), backgroundLogger: logger),
            store: store,
            tokenVerifier: try await TokenVerifier(configuration: tokens))
        let app = buildApplication(configuration: configuration, dependencies: dependencies, logger: logger)
        let built = configuration
        try await app.test(.live) { client in try await test(built, client) }
    }

    /// A token the harness's application accepts for `user`.
    public static func token(for user: String, audience: String = "uploads", expiresIn: TimeInterval = 600) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(
            HarnessClaims(
                sub: .init(value: user), aud: .init(value: [audience]), exp: .init(value: Date().addingTimeInterval(expiresIn))))
    }

    /// Regular files anywhere under the storage root.
    public func storedFiles() -> [URL] {
        let enumerator = FileManager.default.enumerator(at: storageRoot, includingPropertiesForKeys: [.isRegularFileKey])
        return (enumerator?.allObjects as? [URL] ?? []).filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }
}

struct HarnessClaims: JWTPayload {
    var sub: SubjectClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
