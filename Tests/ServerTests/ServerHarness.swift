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

/// The real application on a random port, with a real PostgreSQL database, a `LocalStore` in a
/// temporary folder, and HS256 tokens.
struct ServerHarness {
    static let secret = "test-secret-that-is-at-least-32-bytes-long!"
    let database: TestDatabase
    let storageRoot: URL
    let configuration: ServerConfiguration

    /// - Parameter configure: adjusts the configuration before the application is built.
    static func run(
        maximumUploadBytes: Int64 = 64 * 1024 * 1024,
        logLabel: String = "server-tests",
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ test: @escaping @Sendable (ServerHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabase.withDatabase { database in
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("server-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            var tokens = TokenVerifierConfiguration(hmacSecret: secret, algorithms: [.hs256])
            tokens.audience = "uploads"
            var configuration = ServerConfiguration(
                port: 0, databaseURL: database.url, storage: .local(root: root), tokens: tokens,
                uploads: UploadSettings(maximumUploadBytes: maximumUploadBytes, partSize: 5 * 1024 * 1024),
                uploadBufferBytes: 32 * 1024 * 1024)
            configure(&configuration)
            let harness = ServerHarness(database: database, storageRoot: root, configuration: configuration)
            let logger = Logger(label: logLabel)
            let dependencies = ApplicationDependencies(
                postgres: PostgresClient(configuration: try DatabaseURL.parse(database.url), backgroundLogger: logger),
                store: LocalStore(root: root),
                tokenVerifier: try await TokenVerifier(configuration: tokens))
            let app = buildApplication(configuration: configuration, dependencies: dependencies, logger: logger)
            try await app.test(.live) { client in try await test(harness, client) }
        }
    }

    static func token(for user: String, audience: String = "uploads", expiresIn: TimeInterval = 600) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(TestClaims(
            sub: .init(value: user), aud: .init(value: [audience]), exp: .init(value: Date().addingTimeInterval(expiresIn))))
    }

    /// Regular files anywhere under the storage root.
    func storedFiles() -> [URL] {
        let enumerator = FileManager.default.enumerator(at: storageRoot, includingPropertiesForKeys: [.isRegularFileKey])
        return (enumerator?.allObjects as? [URL] ?? []).filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }
}

struct TestClaims: JWTPayload {
    var sub: SubjectClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// A `multipart/form-data` body.
struct MultipartBody {
    static let boundary = "----s3uploader-test-boundary"
    var parts: [(headers: String, body: [UInt8])] = []

    mutating func addFile(name: String = "file", fileName: String, contentType: String = "application/octet-stream", bytes: [UInt8]) {
        parts.append(("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: \(contentType)", bytes))
    }

    mutating func addField(name: String, value: String) {
        parts.append(("Content-Disposition: form-data; name=\"\(name)\"", Array(value.utf8)))
    }

    var buffer: ByteBuffer {
        var bytes: [UInt8] = []
        for part in parts {
            bytes += Array("--\(Self.boundary)\r\n\(part.headers)\r\n\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        bytes += Array("--\(Self.boundary)--\r\n".utf8)
        return ByteBuffer(bytes: bytes)
    }

    static var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}
