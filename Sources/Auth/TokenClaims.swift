import Foundation

/// The registered claims the verifier checks (RFC 7519 §4.1); other members are ignored.
struct TokenClaims: Decodable, Sendable {
    let sub: String?
    let iss: String?
    let aud: [String]?
    let exp: Double?
    let nbf: Double?

    private enum CodingKeys: String, CodingKey { case sub, iss, aud, exp, nbf }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sub = try container.decodeIfPresent(String.self, forKey: .sub)
        iss = try container.decodeIfPresent(String.self, forKey: .iss)
        exp = try container.decodeIfPresent(Double.self, forKey: .exp)
        nbf = try container.decodeIfPresent(Double.self, forKey: .nbf)
        // `aud` is a single string or an array of strings (RFC 7519 §4.1.3).
        if let single = try? container.decodeIfPresent(String.self, forKey: .aud) {
            aud = [single]
        } else {
            aud = try container.decodeIfPresent([String].self, forKey: .aud)
        }
    }

    static func decode(_ payload: Data) throws -> TokenClaims {
        do {
            return try JSONDecoder().decode(TokenClaims.self, from: payload)
        } catch {
            throw TokenVerificationError.malformed(reason: "the claims are not a JSON object with standard claim types")
        }
    }

    /// Checks time, issuer, audience and subject; returns the user named by `sub`.
    func validate(
        now: Date, leeway: TimeInterval, issuer: String?, audience: String?
    ) throws -> AuthenticatedUser {
        let seconds = now.timeIntervalSince1970
        guard let exp, exp.isFinite else { throw TokenVerificationError.missingExpiration }
        guard seconds < exp + leeway else { throw TokenVerificationError.expired }
        if let nbf {
            guard nbf.isFinite, seconds + leeway >= nbf else { throw TokenVerificationError.notYetValid }
        }
        if let issuer, iss != issuer { throw TokenVerificationError.wrongIssuer }
        if let audience, !(aud ?? []).contains(audience) { throw TokenVerificationError.wrongAudience }
        guard let sub, !sub.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw TokenVerificationError.missingSubject
        }
        guard !sub.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), sub.utf8.count <= 255
        else { throw TokenVerificationError.malformed(reason: "sub must be at most 255 bytes without control characters") }
        return AuthenticatedUser(id: sub)
    }
}
