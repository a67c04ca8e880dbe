import Auth
import Database
import Foundation
import Hummingbird
import HummingbirdTesting
import Jobs
import Logging
import PostgresNIO
import Server
import Storage
import Uploads

/// The application with presigned uploads on the local backend, job workers, and a worker token.
enum DirectUploadHarness {
    static let workerToken = "worker-token-for-tests-0123456789"

    static func run(
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ test: @escaping @Sendable (ServerHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabase.withDatabase { database in
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("direct-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            var tokens = try TokenVerifierConfiguration(environment: ["JWT_HMAC_SECRET": ServerHarness.secret, "JWT_ALGORITHMS": "HS256"])
            tokens.audience = "uploads"
            var configuration = ServerConfiguration(
                port: 0, databaseURL: database.url, storage: .local(root: root), tokens: tokens,
                uploads: UploadSettings(maximumUploadBytes: 1024 * 1024, partSize: 5 * 1024 * 1024),
                uploadBufferBytes: 32 * 1024 * 1024)
            configuration.directUploads = DirectUploadConfiguration(
                settings: DirectUploadSettings(allowedExtensions: ["txt", "bin", "png"]),
                jobs: JobSettings(workers: 2, visibilityTimeout: 5, pollInterval: 0.2, backoff: RetryBackoff(base: 0.1, maximum: 1)),
                workerToken: workerToken, publicBaseURL: "http://uploads.test")
            configure(&configuration)
            let harness = ServerHarness(database: database, storageRoot: root, configuration: configuration)
            let logger = Logger(label: "direct-upload-tests")
            let dependencies = ApplicationDependencies(
                postgres: PostgresClient(configuration: try DatabaseURL.parse(database.url), backgroundLogger: logger),
                store: LocalStore(root: root),
                tokenVerifier: try await TokenVerifier(configuration: tokens))
            let app = buildApplication(configuration: configuration, dependencies: dependencies, logger: logger)
            try await app.test(.live) { client in try await test(harness, client) }
        }
    }

    /// Path and query of an absolute URL the server handed out.
    static func path(of url: String) throws -> String {
        let components = try #require(URLComponents(string: url))
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    static func jsonBody(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }
}

import Testing
