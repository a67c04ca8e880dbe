import ArgumentParser
import Auth
import Foundation

/// `s3uploader token --sub NAME`: mints a bearer token from the development key (created on first
/// use), for `make run` and manual testing. Not for production: real deployments verify tokens from
/// their identity provider.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Mint a development bearer token (ES256) for a user id.",
        discussion: "The server accepts it when started with JWT_PUBLIC_KEY_FILE=<key>.pub.pem JWT_ALGORITHMS=ES256."
    )

    @Option(help: "The user id (the token's `sub`).") var sub: String
    @Option(help: "Private key PEM, created when missing; its public key is written beside it as .pub.pem.")
    var key = ".data/dev-jwt-key.pem"
    @Option(help: "Lifetime in seconds.") var ttl = 24 * 3600
    @Option(help: "`iss` claim (match JWT_ISSUER when the server requires one).") var issuer: String?
    @Option(help: "`aud` claim (match JWT_AUDIENCE when the server requires one).") var audience: String?

    func validate() throws {
        guard !sub.isEmpty else { throw ValidationError("--sub must not be empty") }
        guard ttl > 0 else { throw ValidationError("--ttl must be positive") }
    }

    func run() async throws {
        let signingKey = try DevelopmentSigningKey(path: key)
        print(try await signingKey.mint(subject: sub, expiresIn: TimeInterval(ttl), issuer: issuer, audience: audience))
    }
}
