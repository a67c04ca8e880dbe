import Auth
import Foundation
import Testing

@Suite struct DevelopmentSigningKeyTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("devkey-\(UUID())/dev-jwt-key.pem").path
    }

    @Test func createsOnceThenReuses() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let first = try DevelopmentSigningKey(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(first.publicKeyPath.hasSuffix("dev-jwt-key.pub.pem"))
        #expect(try String(contentsOfFile: first.publicKeyPath, encoding: .utf8) == first.publicKeyPEM)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)

        let second = try DevelopmentSigningKey(path: path)
        #expect(second.publicKeyPEM == first.publicKeyPEM)

        try FileManager.default.removeItem(atPath: first.publicKeyPath)
        let third = try DevelopmentSigningKey(path: path)
        #expect(try String(contentsOfFile: third.publicKeyPath, encoding: .utf8) == first.publicKeyPEM)
    }

    @Test func mintedTokenVerifies() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let key = try DevelopmentSigningKey(path: path)
        let token = try await key.mint(subject: "dev-user", expiresIn: 600, issuer: "s3uploader-dev", audience: "s3uploader")

        let configuration = TokenVerifierConfiguration(
            publicKeyFile: key.publicKeyPath, algorithms: [.es256], issuer: "s3uploader-dev", audience: "s3uploader")
        let verifier = try await TokenVerifier(configuration: configuration, httpClient: nil)
        #expect(try await verifier.verify(token).id == "dev-user")

        let other = try DevelopmentSigningKey(path: temporaryPath())
        defer { try? FileManager.default.removeItem(atPath: (other.privateKeyPath as NSString).deletingLastPathComponent) }
        let foreign = try await other.mint(subject: "dev-user", issuer: "s3uploader-dev", audience: "s3uploader")
        await #expect(throws: TokenVerificationError.badSignature) { try await verifier.verify(foreign) }

        let expired = try await key.mint(subject: "dev-user", expiresIn: -300, issuer: "s3uploader-dev", audience: "s3uploader")
        await #expect(throws: TokenVerificationError.expired) { try await verifier.verify(expired) }
    }

    @Test func refusesCorruptKeyFile() throws {
        let path = temporaryPath()
        let directory = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "garbage".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DevelopmentSigningKeyError.self) { try DevelopmentSigningKey(path: path) }
    }
}
