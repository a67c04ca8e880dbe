import Foundation
import JWTKit

/// A local ES256 key pair for development (`make run`, `s3uploader token --sub NAME`): the private PEM
/// lives at `privateKeyPath` (mode 0600) and its public PEM next to it, so the server can be started with
/// `JWT_PUBLIC_KEY_FILE=<publicKeyPath> JWT_ALGORITHMS=ES256`. Never use it in production.
public struct DevelopmentSigningKey: Sendable {
    public let privateKeyPath: String
    public let publicKeyPath: String
    public let publicKeyPEM: String
    /// The algorithm of minted tokens; the verifier's allow-list must contain it.
    public let algorithm: SigningAlgorithm = .es256
    private let privateKey: ES256PrivateKey

    /// Loads the key at `path`, or creates it (and its directory) on first use. The public PEM goes to
    /// `path` with `.pem` replaced by `.pub.pem` and is rewritten when missing.
    public init(path: String) throws {
        let privateKeyPath = path
        let publicKeyPath = Self.publicKeyPath(for: path)
        let fileManager = FileManager.default

        let privateKey: ES256PrivateKey
        if fileManager.fileExists(atPath: privateKeyPath) {
            do {
                privateKey = try ES256PrivateKey(pem: try String(contentsOfFile: privateKeyPath, encoding: .utf8))
            } catch {
                throw DevelopmentSigningKeyError.unreadable(path: privateKeyPath, reason: "\(error)")
            }
        } else {
            let created = ES256PrivateKey()
            let directory = (privateKeyPath as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            do {
                try Data(created.pemRepresentation.utf8).write(
                    to: URL(fileURLWithPath: privateKeyPath), options: [.withoutOverwriting])
                try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: privateKeyPath)
                privateKey = created
            } catch  where fileManager.fileExists(atPath: privateKeyPath) {
                // Another process created it first: use theirs.
                privateKey = try ES256PrivateKey(pem: try String(contentsOfFile: privateKeyPath, encoding: .utf8))
            }
        }

        let publicKeyPEM = privateKey.publicKey.pemRepresentation
        let existingPublic = try? String(contentsOfFile: publicKeyPath, encoding: .utf8)
        if existingPublic != publicKeyPEM {
            try Data(publicKeyPEM.utf8).write(to: URL(fileURLWithPath: publicKeyPath), options: .atomic)
        }
        self.privateKeyPath = privateKeyPath
        self.publicKeyPath = publicKeyPath
        self.publicKeyPEM = publicKeyPEM
        self.privateKey = privateKey
    }

    /// `dir/dev-jwt-key.pem` → `dir/dev-jwt-key.pub.pem`.
    public static func publicKeyPath(for privateKeyPath: String) -> String {
        privateKeyPath.hasSuffix(".pem")
            ? String(privateKeyPath.dropLast(4)) + ".pub.pem" : privateKeyPath + ".pub.pem"
    }

    /// A verifier configuration that accepts tokens minted by this key.
    public func verifierConfiguration(issuer: String? = nil, audience: String? = nil) -> TokenVerifierConfiguration {
        TokenVerifierConfiguration(publicKeyPEM: publicKeyPEM, algorithms: [algorithm], issuer: issuer, audience: audience)
    }

    /// Signs a token for `subject` valid from now for `expiresIn` seconds.
    public func mint(
        subject: String, expiresIn: TimeInterval = 3600, issuer: String? = nil, audience: String? = nil
    ) async throws -> String {
        let now = Date()
        let claims = MintedClaims(
            sub: subject, iss: issuer, aud: audience,
            iat: Int(now.timeIntervalSince1970), exp: Int(now.addingTimeInterval(expiresIn).timeIntervalSince1970))
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: privateKey)
        return try await keys.sign(claims)
    }
}

public enum DevelopmentSigningKeyError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "The development signing key at \(path) is not an ES256 private key PEM (\(reason)); delete it to create a new one."
        }
    }
}

private struct MintedClaims: JWTPayload {
    let sub: String
    let iss: String?
    let aud: String?
    let iat: Int
    let exp: Int

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
