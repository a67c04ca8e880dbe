import Foundation

/// The AWS CLI's shared files: `~/.aws/credentials` (sections `[name]`) and `~/.aws/config` (sections
/// `[profile name]`, and `[default]`), located through `AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`
/// and `HOME`.
public struct AWSSharedConfigFiles: Sendable {
    public var credentialsFile: String
    public var configFile: String

    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        credentialsFile =
            environment["AWS_SHARED_CREDENTIALS_FILE"].map(Self.expandingTilde(home: home))
            ?? home + "/.aws/credentials"
        configFile = environment["AWS_CONFIG_FILE"].map(Self.expandingTilde(home: home)) ?? home + "/.aws/config"
    }

    /// The settings of `profile`, credentials-file values winning over config-file ones; `nil` when neither
    /// file has the profile. Keys are lower-cased.
    public func settings(profile: String) throws -> [String: String]? {
        let config = try Self.sections(ofFileAt: configFile)
        let credentials = try Self.sections(ofFileAt: credentialsFile)
        let fromConfig =
            profile == "default"
            ? config["default"] ?? config["profile default"]
            : config["profile \(profile)"]
        let fromCredentials = credentials[profile]
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsValue in credentialsValue }
    }

    /// Parses an INI file into `[section: [key: value]]`; a missing file is empty. Indented lines (nested
    /// settings such as `s3 =` blocks) and comments (`#`, `;`) are skipped.
    static func sections(ofFileAt path: String) throws -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw S3CredentialsError.invalid("cannot read \(path): \(error)")
        }
        return parse(text)
    }

    static func parse(_ text: String) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        var section: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if rawLine.first == " " || rawLine.first == "\t" { continue }
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let end = line.firstIndex(of: "]") else {
                    section = nil
                    continue
                }
                let name = line[line.index(after: line.startIndex)..<end]
                    .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                section = name
                result[name, default: [:]] = result[name] ?? [:]
                continue
            }
            guard let section, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            result[section, default: [:]][key] = value
        }
        return result
    }

    private static func expandingTilde(home: String) -> (String) -> String {
        { path in path.hasPrefix("~/") ? home + path.dropFirst() : path }
    }
}

/// Credentials of a profile in the shared files (`AWS_PROFILE`, else `default`): static keys
/// (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`), or `role_arn` +
/// `web_identity_token_file`, which are exchanged with STS like `AWS_WEB_IDENTITY_TOKEN_FILE`.
public struct S3ProfileCredentialsProvider: S3CredentialsProvider {
    public let profile: String
    let profileWasChosen: Bool
    let files: AWSSharedConfigFiles
    let webIdentity: S3WebIdentityCredentialsProvider?

    public init(
        environment: [String: String],
        webIdentityProvider: (_ roleARN: String, _ tokenFile: String) -> S3WebIdentityCredentialsProvider? = { _, _ in nil }
    ) {
        let chosen = environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]
        profile = chosen ?? "default"
        profileWasChosen = chosen != nil
        files = AWSSharedConfigFiles(environment: environment)
        let settings = try? files.settings(profile: profile)
        if let roleARN = settings?["role_arn"], let tokenFile = settings?["web_identity_token_file"] {
            webIdentity = webIdentityProvider(roleARN, tokenFile)
        } else {
            webIdentity = nil
        }
    }

    public func credentials() async throws -> S3Credentials {
        guard let settings = try files.settings(profile: profile) else {
            let reason = "profile \(profile) not in \(files.credentialsFile) or \(files.configFile)"
            throw profileWasChosen ? S3CredentialsError.invalid(reason) : S3CredentialsError.notConfigured(reason)
        }
        if let id = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"], !id.isEmpty, !secret.isEmpty {
            let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
        }
        if let webIdentity { return try await webIdentity.credentials() }
        let reason = "profile \(profile) has neither aws_access_key_id/aws_secret_access_key nor role_arn/web_identity_token_file"
        throw profileWasChosen ? S3CredentialsError.invalid(reason) : S3CredentialsError.notConfigured(reason)
    }
}
