import Auth
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Middleware
import Testing

/// Log lines captured from the application's logger.
final class CapturedLog: @unchecked Sendable {
    struct Entry {
        let message: String
        let metadata: Logger.Metadata
        var text: String { message + " " + metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    private let lock = NSLock()
    private var _entries: [Entry] = []
    var entries: [Entry] { lock.withLock { _entries } }
    func append(_ entry: Entry) { lock.withLock { _entries.append(entry) } }

    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.append(Entry(message: "\(event.message)", metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
        }
    }
}

struct LeakyError: Error, CustomStringConvertible {
    var description: String { "password=hunter2 at db.internal:5432" }
}

@Suite struct MiddlewareTests {
    struct Problem: Decodable {
        let type: String
        let title: String
        let status: Int
        let detail: String?
        let request_id: String?
    }

    func makeApp(log: CapturedLog = CapturedLog()) async throws -> some ApplicationProtocol {
        let verifier = try await TokenVerifier(
            configuration: .init(publicKeyPEM: TestKeys.rsa.publicKey.pemRepresentation), httpClient: nil)
        let router = Router(context: UploaderRequestContext.self)
        router.addUploaderMiddleware()
        router.get("healthz") { _, _ in "ok" }
        router.get("boom") { _, _ -> String in throw LeakyError() }
        router.get("missing") { _, _ -> String in throw HTTPError(.notFound, message: "No upload with this id.") }
        router.get("conflict") { _, _ -> String in throw ProblemDetails.conflict("The upload is already complete.") }
        router.get("too-large") { _, _ -> String in throw ProblemDetails.payloadTooLarge("Too big.", maxBytes: 10) }
        router.group("api").add(middleware: BearerAuthMiddleware(verifier: verifier))
            .get("me") { _, context in try context.requireUser().id }
        return Application(router: router, logger: log.logger)
    }

    func problem(_ response: TestResponse) throws -> Problem {
        try JSONDecoder().decode(Problem.self, from: Data(String(buffer: response.body).utf8))
    }

    @Test func missingTokenIs401ProblemWithChallenge() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="s3uploader""#)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try problem(response)
                #expect(body.type == "https://s3uploader.dev/problems/unauthorized")
                #expect(body.status == 401)
                #expect(body.title == "Unauthorized")
            }
            // Another scheme counts as no bearer token.
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "Basic YWxpY2U6cHc="]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="s3uploader""#)
            }
        }
    }

    @Test func invalidTokenIs401WithInvalidTokenError() async throws {
        let expired = try await TestKeys.sign(.valid(expiresIn: -600))
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "Bearer \(expired)"]) { response in
                #expect(response.status == .unauthorized)
                let challenge = response.headers[.wwwAuthenticate] ?? ""
                #expect(challenge.hasPrefix(#"Bearer realm="s3uploader", error="invalid_token", error_description=""#))
                #expect(challenge.contains("expired"))
                let body = try problem(response)
                #expect(body.type == "https://s3uploader.dev/problems/unauthorized")
                #expect(body.detail == TokenVerificationError.expired.message)
            }
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "Bearer not.a.jwt"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
            }
        }
    }

    @Test func validTokenReachesHandlerWithUser() async throws {
        let token = try await TestKeys.sign(.valid(sub: "alice"))
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "bearer \(token)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "alice")
            }
        }
    }

    @Test func echoesSaneRequestIDAndReplacesOthers() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [.requestID: "abc-123.def"]) { response in
                #expect(response.headers[.requestID] == "abc-123.def")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.requestID: "bad id\u{7F}<script>"]) { response in
                let id = response.headers[.requestID] ?? ""
                #expect(id != "bad id\u{7F}<script>")
                #expect(UUID(uuidString: id) != nil)
            }
            try await client.execute(uri: "/api/me", method: .get, headers: [.requestID: "on-error"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.requestID] == "on-error")
            }
        }
    }

    @Test func mapsThrownErrorsToProblems() async throws {
        let log = CapturedLog()
        try await makeApp(log: log).test(.router) { client in
            try await client.execute(uri: "/missing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try problem(response)
                #expect(body.type == "https://s3uploader.dev/problems/not-found")
                #expect(body.detail == "No upload with this id.")
            }
            try await client.execute(uri: "/no-such-route", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try problem(response)
                #expect(body.type == "https://s3uploader.dev/problems/not-found")
            }
            try await client.execute(uri: "/conflict", method: .get) { response in
                #expect(response.status == .conflict)
                let body = try problem(response)
                #expect(body.detail == "The upload is already complete.")
            }
            try await client.execute(uri: "/too-large", method: .get) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains(#""max_bytes":10"#))
            }
            try await client.execute(uri: "/boom", method: .get, headers: [.requestID: "req-boom"]) { response in
                #expect(response.status == .internalServerError)
                let text = String(buffer: response.body)
                #expect(!text.contains("hunter2") && !text.contains("db.internal"))
                let body = try problem(response)
                #expect(body.type == "https://s3uploader.dev/problems/internal")
                #expect(body.request_id == "req-boom")
            }
        }
        // The internal error is logged (with the request id) even though the client never sees it.
        #expect(log.entries.contains { $0.text.contains("hunter2") && $0.metadata["request_id"] == "req-boom" })
    }

    @Test func accessLogHasOneLinePerRequestWithUserAndNoToken() async throws {
        let log = CapturedLog()
        let token = try await TestKeys.sign(.valid(sub: "alice"))
        try await makeApp(log: log).test(.router) { client in
            try await client.execute(
                uri: "/api/me?secret=query", method: .get,
                headers: [.authorization: "Bearer \(token)", .requestID: "req-1"]
            ) { response in
                #expect(response.status == .ok)
            }
        }
        let lines = log.entries.filter { $0.metadata["http.path"] != nil }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.metadata["http.method"] == "GET")
        #expect(line.metadata["http.path"] == "/api/me")
        #expect(line.metadata["http.status"] == "200")
        #expect(line.metadata["request_id"] == "req-1")
        #expect(line.metadata["user"] == "alice")
        #expect(line.metadata["duration_ms"] != nil)
        #expect(!log.entries.contains { $0.text.contains(token) || $0.text.contains("secret=query") })
    }

    @Test func unreachableKeySetIs503NotA401() async throws {
        let verifier = try await TokenVerifier(
            configuration: .init(
                jwksURL: "http://127.0.0.1:9/jwks.json", jwksMinimumRefreshInterval: 0, jwksFetchTimeout: 0.3),
            httpClient: nil)
        let router = Router(context: UploaderRequestContext.self)
        router.addUploaderMiddleware()
        router.add(middleware: BearerAuthMiddleware(verifier: verifier))
        router.get("me") { _, context in try context.requireUser().id }
        let token = try await TestKeys.sign(.valid(), kid: "rsa-1")
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "30")
                let body = try problem(response)
                #expect(body.type == "https://s3uploader.dev/problems/service-unavailable")
            }
        }
    }

    @Test func problemCatalogueHasStableDistinctTypes() {
        let types = ProblemKind.catalogue.map(\.type)
        #expect(Set(types).count == types.count)
        #expect(types.allSatisfy { $0.hasPrefix(ProblemKind.typeBaseURI) })
        #expect(ProblemKind.forStatus(.notFound) == .notFound)
        #expect(ProblemKind.forStatus(.requestTimeout).type == "about:blank")
        #expect(ProblemKind.forStatus(.requestTimeout).status == .requestTimeout)
    }

    @Test func problemJSONEscapesAndKeepsStandardMembers() throws {
        let problem = ProblemDetails.validation(
            "Bad \"input\"\n", fieldErrors: ["file_name": "must not be empty", "size": "too big"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(problem.json.utf8)) as? [String: Any])
        #expect(object["detail"] as? String == "Bad \"input\"\n")
        #expect(object["status"] as? Int == 422)
        let errors = try #require(object["errors"] as? [[String: String]])
        #expect(errors == [["field": "file_name", "message": "must not be empty"], ["field": "size", "message": "too big"]])
        var overriding = ProblemDetails.badRequest("x")
        overriding.extensions["status"] = 200
        #expect(try #require(try JSONSerialization.jsonObject(with: Data(overriding.json.utf8)) as? [String: Any])["status"] as? Int == 400)
    }
}
