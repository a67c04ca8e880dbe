import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Temporary credentials from STS `AssumeRoleWithWebIdentity` (EKS/IRSA): the token in `tokenFile` (re-read
/// on every refresh, Kubernetes rotates it) is exchanged for keys of `roleARN`. The keys are cached and
/// refreshed `refreshWindow` seconds before they expire; concurrent callers share one STS call.
public actor S3WebIdentityCredentialsProvider: S3CredentialsProvider {
    public nonisolated let roleARN: String
    public nonisolated let tokenFile: String
    public nonisolated let sessionName: String
    /// The STS endpoint, e.g. `https://sts.eu-west-1.amazonaws.com`.
    public nonisolated let stsEndpoint: URL
    public nonisolated let refreshWindow: TimeInterval
    let httpClient: HTTPClient
    let logger: Logger

    private var cached: S3Credentials?
    private var refresh: Task<S3Credentials, any Error>?

    public init(
        roleARN: String, tokenFile: String, sessionName: String? = nil, stsEndpoint: URL,
        refreshWindow: TimeInterval = 300, httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "s3.credentials")
    ) {
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.sessionName = sessionName ?? "s3uploader-\(Int(Date().timeIntervalSince1970))"
        self.stsEndpoint = stsEndpoint
        self.refreshWindow = refreshWindow
        self.httpClient = httpClient
        self.logger = logger
    }

    /// The provider that `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`) describe,
    /// or `nil` when they are unset. STS endpoint: `AWS_ENDPOINT_URL_STS` when set; otherwise regional
    /// (`https://sts.<AWS_REGION>.amazonaws.com`) unless `AWS_STS_REGIONAL_ENDPOINTS=legacy` or no region is
    /// known, which use `https://sts.amazonaws.com`.
    public static func fromEnvironment(
        _ environment: [String: String], roleARN: String? = nil, tokenFile: String? = nil,
        httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "s3.credentials")
    ) -> S3WebIdentityCredentialsProvider? {
        guard let roleARN = roleARN ?? environment["AWS_ROLE_ARN"], !roleARN.isEmpty,
            let tokenFile = tokenFile ?? environment["AWS_WEB_IDENTITY_TOKEN_FILE"], !tokenFile.isEmpty
        else { return nil }
        return S3WebIdentityCredentialsProvider(
            roleARN: roleARN, tokenFile: tokenFile, sessionName: environment["AWS_ROLE_SESSION_NAME"],
            stsEndpoint: stsEndpoint(environment), httpClient: httpClient, logger: logger)
    }

    static func stsEndpoint(_ environment: [String: String]) -> URL {
        if let override = environment["AWS_ENDPOINT_URL_STS"], let url = URL(string: override) { return url }
        let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        if let region, !region.isEmpty, environment["AWS_STS_REGIONAL_ENDPOINTS"]?.lowercased() != "legacy" {
            let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
            return URL(string: "https://sts.\(region).\(suffix)")!
        }
        return URL(string: "https://sts.amazonaws.com")!
    }

    public func credentials() async throws -> S3Credentials {
        if let cached, !needsRefresh(cached) { return cached }
        if let refresh { return try await refresh.value }
        let task = Task { try await self.assumeRole() }
        refresh = task
        defer { refresh = nil }
        do {
            let fresh = try await task.value
            cached = fresh
            return fresh
        } catch {
            // Keys that are still valid beat no keys while STS is unavailable.
            if let cached, let expiration = cached.expiration, expiration > Date().addingTimeInterval(10) {
                logger.warning("STS refresh failed, using cached credentials", metadata: ["error": "\(error)"])
                return cached
            }
            throw error
        }
    }

    private func needsRefresh(_ credentials: S3Credentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSinceNow < refreshWindow
    }

    /// STS answers 5xx or drops connections now and then: three attempts with a short backoff.
    private func sendWithRetries(_ request: HTTPClientRequest) async throws -> (HTTPClientResponse, [UInt8]) {
        var attempt = 1
        while true {
            do {
                let response = try await httpClient.execute(request, timeout: .seconds(30), logger: logger)
                let body = Array(buffer: try await response.body.collect(upTo: 1024 * 1024))
                if response.status.code < 500 || attempt == 3 { return (response, body) }
            } catch {
                if attempt == 3 { throw error }
            }
            try await Task.sleep(nanoseconds: UInt64(200_000_000 << (attempt - 1)))
            attempt += 1
        }
    }

    private func assumeRole() async throws -> S3Credentials {
        let token: String
        do {
            token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw S3CredentialsError.invalid("cannot read web identity token file \(tokenFile): \(error)")
        }
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleARN),
            ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ].map { URIEncoding.encode($0.0) + "=" + URIEncoding.encode($0.1) }.joined(separator: "&")
        var request = HTTPClientRequest(url: stsEndpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded; charset=utf-8")
        request.headers.add(name: "accept", value: "application/xml")
        request.body = .bytes(ByteBuffer(string: form))
        let (response, body) = try await sendWithRetries(request)
        let root = try? XMLElementNode.parse(body)
        guard response.status == .ok,
            let credentials = root?.child("AssumeRoleWithWebIdentityResult")?.child("Credentials"),
            let id = credentials.childText("AccessKeyId"), let secret = credentials.childText("SecretAccessKey")
        else {
            let error = root?.child("Error") ?? root
            throw S3CredentialsError.stsFailure(
                status: Int(response.status.code), code: error?.childText("Code"), message: error?.childText("Message"))
        }
        let expiration = credentials.childText("Expiration").flatMap(ISOTimestamp.parse)
        logger.debug(
            "assumed role with web identity",
            metadata: [
                "role_arn": "\(roleARN)", "access_key_id": "\(id)", "expiration": "\(expiration.map { "\($0)" } ?? "-")",
            ])
        return S3Credentials(
            accessKeyID: id, secretAccessKey: secret,
            sessionToken: credentials.childText("SessionToken"), expiration: expiration)
    }
}
