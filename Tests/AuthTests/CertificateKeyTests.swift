import Auth
import Crypto
import Foundation
import JWTKit
import Testing
import X509

@Suite struct CertificateKeyTests {
    /// A self-signed certificate for `key`, as an identity provider might publish it.
    func selfSignedCertificatePEM(for key: P256.Signing.PrivateKey) throws -> String {
        let name = try DistinguishedName { CommonName("test issuer") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: Date().addingTimeInterval(-60), notValidAfter: Date().addingTimeInterval(3600),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: .init(),
            issuerPrivateKey: .init(key))
        return try certificate.serializeAsPEM().pemString
    }

    @Test func acceptsCertificateAsPublicKey() async throws {
        let key = P256.Signing.PrivateKey()
        let pem = try selfSignedCertificatePEM(for: key)
        #expect(pem.contains("BEGIN CERTIFICATE"))
        let verifier = try await TokenVerifier(configuration: .init(publicKeyPEM: pem, algorithms: [.es256]), httpClient: nil)
        let token = try await TestKeys.sign(.valid(sub: "cert-user"), ecdsa: try ES256PrivateKey(backing: key))
        #expect(try await verifier.verify(token).id == "cert-user")
        let stranger = try await TestKeys.sign(.valid(sub: "cert-user"), ecdsa: ES256PrivateKey())
        await #expect(throws: TokenVerificationError.badSignature) { try await verifier.verify(stranger) }
    }
}
