import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers

/// Tries credential sources in order and sticks with the first that answers. A source that is not configured
/// (`S3CredentialsError.notConfigured`) is skipped; any other error stops the search, so a broken setup is
/// reported instead of silently falling through to another identity.
public final class S3CredentialsChain: S3CredentialsProvider {
    public let providers: [any S3CredentialsProvider]
    private let chosen = NIOLockedValueBox<(any S3CredentialsProvider)?>(nil)

    public init(_ providers: [any S3CredentialsProvider]) {
        self.providers = providers
    }

    /// In order: `staticCredentials` (from `S3_ACCESS_KEY`/`S3_SECRET_KEY`, when given), then
    /// `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, then the shared files' profile
    /// (`AWS_PROFILE`, `AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`), then web identity
    /// (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, STS at `AWS_ENDPOINT_URL_STS` or the regional endpoint).
    /// `environment` holds those variables (and `HOME`); the service's settings module passes them on.
    public static func `default`(
        environment: [String: String],
        staticCredentials: S3Credentials? = nil,
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "s3.credentials")
    ) -> S3CredentialsChain {
        var providers: [any S3CredentialsProvider] = []
        if let staticCredentials { providers.append(S3StaticCredentialsProvider(staticCredentials)) }
        providers.append(S3EnvironmentCredentialsProvider(environment: environment))
        providers.append(
            S3ProfileCredentialsProvider(environment: environment) { roleARN, tokenFile in
                S3WebIdentityCredentialsProvider.fromEnvironment(
                    environment, roleARN: roleARN, tokenFile: tokenFile, httpClient: httpClient, logger: logger)
            })
        if let webIdentity = S3WebIdentityCredentialsProvider.fromEnvironment(environment, httpClient: httpClient, logger: logger) {
            providers.append(webIdentity)
        }
        return S3CredentialsChain(providers)
    }

    public func credentials() async throws -> S3Credentials {
        if let provider = chosen.withLockedValue({ $0 }) { return try await provider.credentials() }
        var skipped: [String] = []
        for provider in providers {
            do {
                let credentials = try await provider.credentials()
                chosen.withLockedValue { $0 = provider }
                return credentials
            } catch S3CredentialsError.notConfigured(let reason) {
                skipped.append(reason)
            }
        }
        throw S3CredentialsError.noCredentials(skipped)
    }
}
