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
import TestSupport
import Testing
import Uploads

/// The application with presigned uploads on the local backend, job workers, and a worker token.
enum DirectUploadHarness {
    static let workerToken = "worker-token-for-tests-0123456789"

    static func run(
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ test: @escaping @Sendable (ServerHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await ServerHarness.run(
            maximumUploadBytes: 1024 * 1024, logLabel: "direct-upload-tests",
            configure: { configuration in
                configuration.directUploads = DirectUploadConfiguration(
                    settings: DirectUploadSettings(allowedExtensions: ["txt", "bin", "png"]),
                    jobs: JobSettings(workers: 2, visibilityTimeout: 5, pollInterval: 0.2, backoff: RetryBackoff(base: 0.1, maximum: 1)),
                    workerToken: workerToken, publicBaseURL: "http://uploads.test")
                configure(&configuration)
            }, test)
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
