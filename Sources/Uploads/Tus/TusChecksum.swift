import Crypto
import Foundation
import NIOCore

/// The checksum extension: `Upload-Checksum: <algorithm> <base64 digest>` of one PATCH body.
public struct TusChecksum: Sendable {
    public static let algorithms = ["sha1", "sha256", "md5"]

    enum Algorithm: String, Sendable { case sha1, sha256, md5 }

    let algorithm: Algorithm
    let expected: Data

    /// Parses the header; throws `TusError.unsupportedChecksum` for anything else.
    public init(header: String) throws {
        let pieces = header.split(separator: " ", omittingEmptySubsequences: true)
        guard pieces.count == 2 else { throw TusError.unsupportedChecksum("expected \"<algorithm> <base64 digest>\"") }
        guard let algorithm = Algorithm(rawValue: pieces[0].lowercased()) else {
            throw TusError.unsupportedChecksum("supported algorithms: \(Self.algorithms.joined(separator: ", "))")
        }
        guard let digest = Data(base64Encoded: String(pieces[1])) else {
            throw TusError.unsupportedChecksum("the digest is not base64")
        }
        self.algorithm = algorithm
        self.expected = digest
    }

    /// A running digest of the bytes as they arrive.
    func makeHasher() -> Hasher { Hasher(algorithm) }

    struct Hasher {
        private var sha1 = Insecure.SHA1()
        private var sha256 = SHA256()
        private var md5 = Insecure.MD5()
        private let algorithm: Algorithm

        init(_ algorithm: Algorithm) { self.algorithm = algorithm }

        mutating func update(_ buffer: ByteBuffer) {
            buffer.withUnsafeReadableBytes { bytes in
                switch algorithm {
                case .sha1: sha1.update(bufferPointer: bytes)
                case .sha256: sha256.update(bufferPointer: bytes)
                case .md5: md5.update(bufferPointer: bytes)
                }
            }
        }

        func finalize() -> Data {
            switch algorithm {
            case .sha1: Data(sha1.finalize())
            case .sha256: Data(sha256.finalize())
            case .md5: Data(md5.finalize())
            }
        }
    }
}
