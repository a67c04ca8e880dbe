import Foundation

/// A token split into its three base64url parts (RFC 7515 compact serialization), with the header
/// decoded. Nothing here is trusted until the signature has been checked.
struct CompactJWS: Sendable {
    struct Header: Decodable, Sendable {
        let alg: String
        let kid: String?
        let crit: [String]?
    }

    /// Longest token accepted; real JWTs are well under 2 KB.
    static let maximumLength = 16 * 1024

    let header: Header
    let payload: Data
    let signingInput: [UInt8]
    let signature: [UInt8]

    init(_ token: String) throws {
        guard token.utf8.count <= Self.maximumLength else {
            throw TokenVerificationError.malformed(reason: "it is longer than \(Self.maximumLength) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw TokenVerificationError.malformed(reason: "a JWT has three dot-separated parts")
        }
        guard let headerBytes = Self.base64URLDecode(parts[0]), let payload = Self.base64URLDecode(parts[1]),
            let signature = Self.base64URLDecode(parts[2])
        else { throw TokenVerificationError.malformed(reason: "a part is not valid base64url") }

        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: headerBytes)
        } catch {
            throw TokenVerificationError.malformed(reason: "the header is not a JSON object with a string \"alg\"")
        }
        if let crit = header.crit, !crit.isEmpty {
            throw TokenVerificationError.malformed(reason: "critical header extensions are not supported")
        }
        self.header = header
        self.payload = payload
        self.signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        self.signature = [UInt8](signature)
    }

    /// Strict base64url without padding (RFC 7515 §2); returns nil on any other character.
    static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = ""
        base64.reserveCapacity(text.utf8.count + 3)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9": base64.unicodeScalars.append(scalar)
            case "-": base64.append("+")
            case "_": base64.append("/")
            default: return nil
            }
        }
        switch base64.utf8.count % 4 {
        case 2: base64 += "=="
        case 3: base64 += "="
        case 1: return nil
        default: break
        }
        return Data(base64Encoded: base64)
    }

    static func base64URLEncode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
