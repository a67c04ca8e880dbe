import Foundation

/// Supplies the credentials an `S3Client` signs with. Called before every request: implementations cache.
public protocol S3CredentialsProvider: Sendable {
    func credentials() async throws -> S3Credentials
}

/// Why credentials could not be obtained.
public enum S3CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// This source is not configured (e.g. the variables are unset); a chain moves on to the next source.
    case notConfigured(String)
    /// The source is configured but unusable (a malformed file, a profile without keys, ...).
    case invalid(String)
    /// STS refused or failed to hand out credentials.
    case stsFailure(status: Int, code: String?, message: String?)
    /// No source in a chain had credentials; lists why each was skipped.
    case noCredentials([String])

    public var description: String {
        switch self {
        case .notConfigured(let reason): return "credentials not configured: \(reason)"
        case .invalid(let reason): return "invalid credentials configuration: \(reason)"
        case .stsFailure(let status, let code, let message):
            return "STS answered \(status) \(code ?? "")\(message.map { ": \($0)" } ?? "")"
        case .noCredentials(let reasons): return "no S3 credentials found (\(reasons.joined(separator: "; ")))"
        }
    }
}

/// Fixed credentials, e.g. from `S3_ACCESS_KEY`/`S3_SECRET_KEY`.
public struct S3StaticCredentialsProvider: S3CredentialsProvider {
    public let value: S3Credentials

    public init(_ credentials: S3Credentials) {
        self.value = credentials
    }

    public func credentials() async throws -> S3Credentials { value }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN` from an environment.
public struct S3EnvironmentCredentialsProvider: S3CredentialsProvider {
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public func credentials() async throws -> S3Credentials {
        let id = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil):
            throw S3CredentialsError.notConfigured("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY unset")
        case (let id?, let secret?):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
        default:
            throw S3CredentialsError.invalid("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together")
        }
    }
}
