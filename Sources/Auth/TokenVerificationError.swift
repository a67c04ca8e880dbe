/// Why a bearer token was refused. Messages are safe to show to the caller: they never contain
/// the token, a key or a secret.
public enum TokenVerificationError: Error, Sendable, Hashable {
    /// No token was presented.
    case missing
    /// The token is not a well-formed compact JWS / JWT.
    case malformed(reason: String)
    /// The header names `none` or an algorithm outside the configured allow-list.
    case algorithmNotAllowed(String)
    /// No configured key matches the token's `kid` / algorithm.
    case unknownKey(kid: String?)
    case badSignature
    case missingExpiration
    case expired
    case notYetValid
    case wrongIssuer
    case wrongAudience
    case missingSubject
    /// The JWKS endpoint could not be reached and no cached key fits the token.
    case keySetUnavailable

    /// A short human sentence for `error_description` / problem `detail`.
    public var message: String {
        switch self {
        case .missing: "No bearer token was provided."
        case .malformed(let reason): "The token is malformed: \(reason)."
        case .algorithmNotAllowed(let alg): "The token's signing algorithm \(Self.quoted(alg)) is not accepted."
        case .unknownKey(let kid):
            if let kid {
                "No verification key matches the token's key id \(Self.quoted(kid))."
            } else {
                "No verification key matches the token."
            }
        case .badSignature: "The token's signature is invalid."
        case .missingExpiration: "The token has no expiration time (exp)."
        case .expired: "The token has expired."
        case .notYetValid: "The token is not valid yet (nbf)."
        case .wrongIssuer: "The token was issued by an issuer this service does not trust."
        case .wrongAudience: "The token is not intended for this service (aud)."
        case .missingSubject: "The token has no subject (sub)."
        case .keySetUnavailable: "The signing keys could not be fetched; try again later."
        }
    }

    /// Echoes attacker-controlled header values only in a bounded, printable form.
    private static func quoted(_ value: String) -> String {
        let printable = value.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" }
        return "\"" + String(String.UnicodeScalarView(printable.prefix(40))) + "\""
    }
}

extension TokenVerificationError: CustomStringConvertible {
    public var description: String { message }
}
