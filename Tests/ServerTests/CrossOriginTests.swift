import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Middleware
import Server
import Settings
import TestSupport
import Testing

/// `CORS_ALLOWED_ORIGINS` read like `serve` reads it.
enum CrossOriginEnvironment {
    static func policy(_ origins: String) throws -> CrossOriginPolicy? {
        try ServerConfiguration(environment: [
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
            "JWT_HMAC_SECRET": ServerHarness.secret, "JWT_ALGORITHMS": "HS256",
            "CORS_ALLOWED_ORIGINS": origins,
        ]).crossOrigin
    }
}

@Suite("CORS_ALLOWED_ORIGINS parsing")
struct CrossOriginConfigurationTests {
    @Test func listedOriginsAreNormalizedAndMatchedExactly() throws {
        let policy = try #require(try CrossOriginEnvironment.policy(" https://App.example.com/ , http://localhost:5173"))
        #expect(policy.allowedOrigins == .list(["https://app.example.com", "http://localhost:5173"]))
        #expect(policy.allowOriginValue(for: "https://app.example.com") == "https://app.example.com")
        #expect(policy.allowOriginValue(for: "http://localhost:5173") == "http://localhost:5173")
        #expect(policy.allowOriginValue(for: "http://localhost:5174") == nil)
        #expect(policy.allowOriginValue(for: "https://app.example.com.evil.test") == nil)
        #expect(policy.allowOriginValue(for: "null") == nil)
        #expect(policy.variesByOrigin)
    }

    @Test func starAllowsEveryOrigin() throws {
        let policy = try #require(try CrossOriginEnvironment.policy("https://a.example, *"))
        #expect(policy.allowedOrigins == .any)
        #expect(policy.allowOriginValue(for: "https://anything.test") == "*")
        #expect(!policy.variesByOrigin)
    }

    @Test func unsetOrBlankMeansNoCORS() throws {
        #expect(try CrossOriginEnvironment.policy(" , ") == nil)
        let configuration = try ServerConfiguration(environment: [
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres", "JWT_HMAC_SECRET": ServerHarness.secret,
            "JWT_ALGORITHMS": "HS256",
        ])
        #expect(configuration.crossOrigin == nil)
    }

    @Test(arguments: ["app.example.com", "https://app.example.com/path", "https://", "https://user@app.example.com"])
    func somethingElseThanAnOriginIsRefused(value: String) throws {
        #expect(throws: ConfigurationError.self) { _ = try CrossOriginEnvironment.policy(value) }
    }
}

@Suite("CORS against PostgreSQL and a local store", .enabled(if: TestServices.postgresAvailable))
struct CrossOriginRoutesTests {
    static let allowed = "https://app.example.com"
    static let policy = try! CrossOriginEnvironment.policy("\(allowed), http://localhost:5173")

    static func run(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await ServerHarness.run(configure: { $0.crossOrigin = policy }) { _, client in try await test(client) }
    }

    static func preflight(origin: String, method: String, headers: String = "authorization, tus-resumable, upload-length") -> HTTPFields {
        [.origin: origin, .accessControlRequestMethod: method, .accessControlRequestHeaders: headers]
    }

    static func corsFields(_ response: TestResponse) -> [String] {
        response.headers.map(\.name.canonicalName).filter { $0.hasPrefix("access-control-") }
    }

    static func list(_ value: String?) -> Set<String> {
        Set((value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    }

    @Test(arguments: [
        ("/tus/", "POST"), ("/tus/0c6f1a52-8f59-4d4c-9a0e-1f6b3f0e6a11", "PATCH"), ("/upload", "POST"), ("/files/x", "DELETE"),
    ])
    func preflightFromAnAllowedOriginIsAnsweredWithoutAToken(path: String, method: String) async throws {
        try await Self.run { client in
            try await client.execute(uri: path, method: .options, headers: Self.preflight(origin: Self.allowed, method: method)) {
                response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == Self.allowed)
                #expect(
                    Self.list(response.headers[.accessControlAllowMethods]).isSuperset(of: [
                        "get", "head", "post", "patch", "delete", "options",
                    ]))
                #expect(
                    Self.list(response.headers[.accessControlAllowHeaders]).isSuperset(
                        of: [
                            "authorization", "content-type", "upload-offset", "upload-length", "upload-metadata", "tus-resumable",
                            "upload-checksum", "upload-defer-length", "upload-concat", "x-http-method-override", "x-requested-with",
                        ]))
                #expect(response.headers[.accessControlMaxAge] == "86400")
                #expect(response.headers[.vary]?.contains("Origin") == true)
                #expect(response.headers[HTTPField.Name("Tus-Version")!] == nil, "a preflight gets the CORS answer, not tus discovery")
                #expect(response.headers[.wwwAuthenticate] == nil)
            }
        }
    }

    @Test func preflightFromAnotherOriginGetsNoCORSHeaders() async throws {
        try await Self.run { client in
            for path in ["/tus/", "/upload"] {
                try await client.execute(
                    uri: path, method: .options, headers: Self.preflight(origin: "https://evil.example", method: "POST")
                ) { response in
                    #expect(Self.corsFields(response).isEmpty, "\(path): \(Self.corsFields(response))")
                }
            }
            let token = try await ServerHarness.token(for: "alice")
            try await client.execute(
                uri: "/files", method: .get, headers: [.origin: "https://evil.example", .authorization: "Bearer \(token)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(Self.corsFields(response).isEmpty)
            }
        }
    }

    @Test func plainTusOptionsKeepsItsDiscoveryAnswer() async throws {
        try await Self.run { client in
            try await client.execute(uri: "/tus/", method: .options, headers: [.origin: Self.allowed]) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[HTTPField.Name("Tus-Version")!] == "1.0.0")
                #expect(response.headers[.accessControlAllowOrigin] == Self.allowed)
            }
        }
    }

    @Test func realRequestsExposeTheTusAndFileHeaders() async throws {
        try await Self.run { client in
            let token = try await ServerHarness.token(for: "alice")
            let headers: HTTPFields = [
                .origin: Self.allowed, .authorization: "Bearer \(token)",
                HTTPField.Name("Tus-Resumable")!: "1.0.0", HTTPField.Name("Upload-Length")!: "5",
            ]
            try await client.execute(uri: "/tus/", method: .post, headers: headers) { response in
                #expect(response.status == .created)
                #expect(response.headers[.accessControlAllowOrigin] == Self.allowed)
                let exposed = Self.list(response.headers[.accessControlExposeHeaders])
                #expect(
                    exposed.isSuperset(of: [
                        "location", "upload-offset", "upload-length", "upload-expires", "tus-resumable", "etag",
                        "content-range", "content-disposition",
                    ]))
            }
            // Errors too, so the page can read the problem (here: no token).
            try await client.execute(uri: "/files", method: .get, headers: [.origin: Self.allowed]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.accessControlAllowOrigin] == Self.allowed)
                #expect(Self.list(response.headers[.accessControlExposeHeaders]).contains("upload-offset"))
            }
        }
    }

    @Test func withoutTheSettingNoCORSHeadersAppear() async throws {
        try await ServerHarness.run { _, client in
            try await client.execute(uri: "/upload", method: .options, headers: Self.preflight(origin: Self.allowed, method: "POST")) {
                response in
                #expect(Self.corsFields(response).isEmpty)
            }
            try await client.execute(uri: "/tus/", method: .options, headers: Self.preflight(origin: Self.allowed, method: "POST")) {
                response in
                #expect(response.headers[HTTPField.Name("Tus-Version")!] == "1.0.0")
                #expect(Self.corsFields(response).isEmpty)
            }
        }
    }
}
