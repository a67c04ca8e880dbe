import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import S3Client

/// The credentials chain: environment, shared files and profiles, and web identity against a local STS
/// stand-in that serves AssumeRoleWithWebIdentity answers.
@Suite struct CredentialsTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("s3c-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func environmentVariables() async throws {
        let provider = S3EnvironmentCredentialsProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "tok",
        ])
        #expect(try await provider.credentials() == S3Credentials(accessKeyID: "AKENV", secretAccessKey: "secret", sessionToken: "tok"))
        await #expect(throws: S3CredentialsError.self) {
            _ = try await S3EnvironmentCredentialsProvider(environment: ["AWS_ACCESS_KEY_ID": "only"]).credentials()
        }
        #expect("\(S3Credentials(accessKeyID: "A", secretAccessKey: "hush", sessionToken: "tok"))".contains("hush") == false)
    }

    @Test func profilesFromSharedFiles() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let credentialsFile = folder.appendingPathComponent("credentials").path
        let configFile = folder.appendingPathComponent("config").path
        try """
        # comment
        [default]
        aws_access_key_id = AKDEFAULT
        aws_secret_access_key = defaultsecret

        [dev]
        aws_access_key_id=AKDEV
        aws_secret_access_key=devsecret ; trailing comment
        aws_session_token = devtoken
        """.write(toFile: credentialsFile, atomically: true, encoding: .utf8)
        try """
        [default]
        region = eu-west-1
        [profile fromconfig]
        aws_access_key_id = AKCONFIG
        aws_secret_access_key = configsecret
        s3 =
          addressing_style = path
        [profile regiononly]
        region = us-west-2
        """.write(toFile: configFile, atomically: true, encoding: .utf8)
        let files = ["AWS_SHARED_CREDENTIALS_FILE": credentialsFile, "AWS_CONFIG_FILE": configFile, "HOME": "/nonexistent"]

        #expect(try await S3ProfileCredentialsProvider(environment: files).credentials().accessKeyID == "AKDEFAULT")
        let dev = try await S3ProfileCredentialsProvider(environment: files.merging(["AWS_PROFILE": "dev"]) { $1 }).credentials()
        #expect(dev == S3Credentials(accessKeyID: "AKDEV", secretAccessKey: "devsecret", sessionToken: "devtoken"))
        #expect(
            try await S3ProfileCredentialsProvider(environment: files.merging(["AWS_PROFILE": "fromconfig"]) { $1 })
                .credentials().secretAccessKey == "configsecret")
        await #expect(throws: S3CredentialsError.self) {
            _ = try await S3ProfileCredentialsProvider(environment: files.merging(["AWS_PROFILE": "missing"]) { $1 }).credentials()
        }
        await #expect(throws: S3CredentialsError.self) {
            _ = try await S3ProfileCredentialsProvider(environment: files.merging(["AWS_PROFILE": "regiononly"]) { $1 }).credentials()
        }
        // HOME's ~/.aws is used when no file variables are set.
        let home = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = AKHOME\naws_secret_access_key = s\n"
            .write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        #expect(try await S3ProfileCredentialsProvider(environment: ["HOME": home.path]).credentials().accessKeyID == "AKHOME")
    }

    @Test func chainOrder() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let credentialsFile = folder.appendingPathComponent("credentials").path
        try "[default]\naws_access_key_id = AKFILE\naws_secret_access_key = s\n".write(
            toFile: credentialsFile, atomically: true, encoding: .utf8)
        let env = [
            "AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SHARED_CREDENTIALS_FILE": credentialsFile,
            "HOME": "/nonexistent",
        ]
        let staticKeys = S3Credentials(accessKeyID: "AKSTATIC", secretAccessKey: "s")
        #expect(
            try await S3CredentialsChain.default(environment: env, staticCredentials: staticKeys).credentials().accessKeyID == "AKSTATIC")
        #expect(try await S3CredentialsChain.default(environment: env).credentials().accessKeyID == "AKENV")
        var fileOnly = env
        fileOnly["AWS_ACCESS_KEY_ID"] = nil
        fileOnly["AWS_SECRET_ACCESS_KEY"] = nil
        #expect(try await S3CredentialsChain.default(environment: fileOnly).credentials().accessKeyID == "AKFILE")
        do {
            _ = try await S3CredentialsChain.default(environment: ["HOME": "/nonexistent"]).credentials()
            Issue.record("an empty environment produced credentials")
        } catch S3CredentialsError.noCredentials(let reasons) {
            #expect(reasons.count == 2)
        }
    }
}

/// A local STS that answers AssumeRoleWithWebIdentity with numbered keys valid for `lifetime` seconds.
final class STSStandIn: Sendable {
    let requests = NIOLockedValueBox<[[String: String]]>([])
    let lifetime: TimeInterval
    let delay: TimeInterval
    let refuse: Bool
    /// Answers 503 to this many requests first.
    let failFirst: Int
    private let server: NIOLockedValueBox<LocalHTTPServer?> = NIOLockedValueBox(nil)

    init(lifetime: TimeInterval = 3600, delay: TimeInterval = 0, refuse: Bool = false, failFirst: Int = 0) {
        self.failFirst = failFirst
        self.lifetime = lifetime
        self.delay = delay
        self.refuse = refuse
    }

    func start() async throws -> URL {
        let server = LocalHTTPServer { [self] head in
            .respond { request in
                let form = Self.parseForm(String(buffer: request.body))
                let number = self.requests.withLockedValue {
                    $0.append(form)
                    return $0.count
                }
                if self.delay > 0 { try? await Task.sleep(nanoseconds: UInt64(self.delay * 1e9)) }
                if number <= self.failFirst { return .init(status: .serviceUnavailable) }
                if self.refuse {
                    return .init(
                        status: .badRequest,
                        body: ByteBuffer(
                            string:
                                "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>bad token</Message></Error></ErrorResponse>"
                        ))
                }
                let formatter = ISO8601DateFormatter()
                let expiration = formatter.string(from: Date().addingTimeInterval(self.lifetime))
                return .init(
                    status: .ok, headers: [("content-type", "text/xml")],
                    body: ByteBuffer(
                        string: """
                            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                              <AssumeRoleWithWebIdentityResult>
                                <SubjectFromWebIdentityToken>system:serviceaccount:app:uploader</SubjectFromWebIdentityToken>
                                <Credentials>
                                  <AccessKeyId>ASIASTAND\(number)</AccessKeyId>
                                  <SecretAccessKey>secret-\(number)</SecretAccessKey>
                                  <SessionToken>session/token+\(number)=</SessionToken>
                                  <Expiration>\(expiration)</Expiration>
                                </Credentials>
                              </AssumeRoleWithWebIdentityResult>
                            </AssumeRoleWithWebIdentityResponse>
                            """))
            }
        }
        self.server.withLockedValue { $0 = server }
        return try await server.start()
    }

    func shutdown() async { await server.withLockedValue { $0 }?.shutdown() }

    static func parseForm(_ text: String) -> [String: String] {
        var form: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            form[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return form
    }
}

@Suite struct WebIdentityTests {
    static func tokenFile(_ token: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("s3c-token-\(UUID().uuidString)").path
        try token.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func assumesTheRoleAndCachesTheKeys() async throws {
        let sts = STSStandIn(delay: 0.2)
        let url = try await sts.start()
        let tokenFile = try Self.tokenFile("eyJhbGciOi.token.sig\n")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let env = [
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/uploader",
            "AWS_ROLE_SESSION_NAME": "pod-7", "AWS_ENDPOINT_URL_STS": url.absoluteString, "HOME": "/nonexistent",
        ]
        let chain = S3CredentialsChain.default(environment: env)

        // Ten concurrent callers share one STS call.
        let results = try await withThrowingTaskGroup(of: S3Credentials.self) { group in
            for _ in 0..<10 { group.addTask { try await chain.credentials() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.accessKeyID)) == ["ASIASTAND1"])
        #expect(results[0].sessionToken == "session/token+1=")
        #expect(results[0].expiration.map { $0.timeIntervalSinceNow > 3500 } == true)
        #expect(try await chain.credentials().accessKeyID == "ASIASTAND1")

        let requests = sts.requests.withLockedValue { $0 }
        #expect(requests.count == 1)
        #expect(
            requests.first == [
                "Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
                "RoleArn": "arn:aws:iam::123456789012:role/uploader", "RoleSessionName": "pod-7",
                "WebIdentityToken": "eyJhbGciOi.token.sig",
            ])
        await sts.shutdown()
    }

    @Test func refreshesBeforeExpiryWithTheRotatedToken() async throws {
        let sts = STSStandIn(lifetime: 200)  // inside the 300 s refresh window: every call refreshes
        let url = try await sts.start()
        let tokenFile = try Self.tokenFile("first-token")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let provider = S3WebIdentityCredentialsProvider(roleARN: "arn:aws:iam::1:role/r", tokenFile: tokenFile, stsEndpoint: url)
        #expect(try await provider.credentials().accessKeyID == "ASIASTAND1")
        try "second-token".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        #expect(try await provider.credentials().accessKeyID == "ASIASTAND2")
        #expect(sts.requests.withLockedValue { $0.map { $0["WebIdentityToken"] } } == ["first-token", "second-token"])
        #expect(sts.requests.withLockedValue { $0[0]["RoleSessionName"]?.hasPrefix("s3uploader-") } == true)

        let longLived = S3WebIdentityCredentialsProvider(
            roleARN: "arn:aws:iam::1:role/r", tokenFile: tokenFile, stsEndpoint: url,
            refreshWindow: 60)
        #expect(try await longLived.credentials().accessKeyID == "ASIASTAND3")
        #expect(try await longLived.credentials().accessKeyID == "ASIASTAND3")  // 200 s left, window 60 s: cached
        await sts.shutdown()
    }

    @Test func transientSTSFailuresAreRetried() async throws {
        let sts = STSStandIn(failFirst: 2)
        let url = try await sts.start()
        let tokenFile = try Self.tokenFile("t")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let provider = S3WebIdentityCredentialsProvider(roleARN: "arn:aws:iam::1:role/r", tokenFile: tokenFile, stsEndpoint: url)
        #expect(try await provider.credentials().accessKeyID == "ASIASTAND3")
        #expect(sts.requests.withLockedValue { $0.count } == 3)
        await sts.shutdown()
    }

    @Test func stsRefusalIsATypedError() async throws {
        let sts = STSStandIn(refuse: true)
        let url = try await sts.start()
        let tokenFile = try Self.tokenFile("t")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let provider = S3WebIdentityCredentialsProvider(roleARN: "arn:aws:iam::1:role/r", tokenFile: tokenFile, stsEndpoint: url)
        await #expect(throws: S3CredentialsError.stsFailure(status: 400, code: "InvalidIdentityToken", message: "bad token")) {
            _ = try await provider.credentials()
        }
        await sts.shutdown()
    }

    @Test func clientSignsWithTheAssumedRole() async throws {
        let sts = STSStandIn()
        let stsURL = try await sts.start()
        let tokenFile = try Self.tokenFile("jwt")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let chain = S3CredentialsChain.default(environment: [
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/r",
            "AWS_ENDPOINT_URL_STS": stsURL.absoluteString, "HOME": "/nonexistent",
        ])
        try await RequestShapeTests.withFake(provider: chain, answer: RequestShapeTests.ok()) { client, fake in
            try await client.putObject(bucket: "b", key: "k", body: ByteBuffer(string: "x"))
            try await client.deleteObject(bucket: "b", key: "k")
            let requests = fake.requests.withLockedValue { $0 }
            #expect(requests.count == 2)
            for request in requests {
                #expect(request.head.headers.first(name: "authorization")?.contains("Credential=ASIASTAND1/") == true)
                #expect(request.head.headers.first(name: "x-amz-security-token") == "session/token+1=")
            }
        }
        #expect(sts.requests.withLockedValue { $0.count } == 1)
        await sts.shutdown()
    }

    @Test func stsEndpointSelection() {
        #expect(
            S3WebIdentityCredentialsProvider.stsEndpoint(["AWS_REGION": "eu-central-1"]).absoluteString
                == "https://sts.eu-central-1.amazonaws.com")
        #expect(
            S3WebIdentityCredentialsProvider.stsEndpoint(["AWS_REGION": "eu-central-1", "AWS_STS_REGIONAL_ENDPOINTS": "legacy"])
                .absoluteString == "https://sts.amazonaws.com")
        #expect(S3WebIdentityCredentialsProvider.stsEndpoint([:]).absoluteString == "https://sts.amazonaws.com")
        #expect(
            S3WebIdentityCredentialsProvider.stsEndpoint(["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9"]).absoluteString
                == "http://127.0.0.1:9")
        #expect(S3WebIdentityCredentialsProvider.fromEnvironment(["AWS_ROLE_ARN": "arn"]) == nil)
    }
}
