import Crypto
import Foundation
import NIOCore

/// Server-side encryption asked for when storing an object (SSE-S3 or SSE-KMS); sent as
/// `x-amz-server-side-encryption` (+ `x-amz-server-side-encryption-aws-kms-key-id`).
public enum S3ServerSideEncryption: Sendable, Hashable {
    /// SSE-S3: `AES256`.
    case aes256
    /// SSE-KMS with the given key id or ARN, or the account's default key when `nil`.
    case kms(keyID: String?)

    var headers: [(name: String, value: String)] {
        switch self {
        case .aes256: return [("x-amz-server-side-encryption", "AES256")]
        case .kms(let keyID):
            return [("x-amz-server-side-encryption", "aws:kms")]
                + (keyID.map { [("x-amz-server-side-encryption-aws-kms-key-id", $0)] } ?? [])
        }
    }
}

/// Integrity checks computed from the body and sent with PutObject / UploadPart, verified by the server.
public struct S3Checksums: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// `Content-MD5` (base64 MD5).
    public static let contentMD5 = S3Checksums(rawValue: 1)
    /// `x-amz-checksum-sha256` (base64 SHA-256).
    public static let sha256 = S3Checksums(rawValue: 2)

    func headers(for body: ByteBuffer) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if contains(.contentMD5) {
            var md5 = Insecure.MD5()
            body.withUnsafeReadableBytes { md5.update(bufferPointer: $0) }
            headers.append(("content-md5", Data(md5.finalize()).base64EncodedString()))
        }
        if contains(.sha256) {
            var sha = SHA256()
            body.withUnsafeReadableBytes { sha.update(bufferPointer: $0) }
            headers.append(("x-amz-checksum-sha256", Data(sha.finalize()).base64EncodedString()))
        }
        return headers
    }
}

/// How an object is stored: its HTTP metadata, user metadata (`x-amz-meta-*`), encryption and checksums.
public struct S3PutOptions: Sendable, Hashable {
    public var contentType: String?
    public var contentDisposition: String?
    public var cacheControl: String?
    /// User metadata; names without the `x-amz-meta-` prefix. Values must be ASCII (HTTP headers).
    public var metadata: [String: String]
    public var serverSideEncryption: S3ServerSideEncryption?
    public var checksums: S3Checksums

    public init(
        contentType: String? = nil, contentDisposition: String? = nil, cacheControl: String? = nil,
        metadata: [String: String] = [:], serverSideEncryption: S3ServerSideEncryption? = nil,
        checksums: S3Checksums = []
    ) {
        self.contentType = contentType
        self.contentDisposition = contentDisposition
        self.cacheControl = cacheControl
        self.metadata = metadata
        self.serverSideEncryption = serverSideEncryption
        self.checksums = checksums
    }

    /// The headers describing the object (not the checksums, which depend on a body). Throws
    /// `S3ClientError.invalidHeader` for a value HTTP can't carry (non-ASCII, control characters) or a
    /// metadata name that isn't an HTTP token.
    func objectHeaders() throws -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("content-type", contentType)) }
        if let contentDisposition { headers.append(("content-disposition", contentDisposition)) }
        if let cacheControl { headers.append(("cache-control", cacheControl)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { throw S3ClientError.invalidHeader("x-amz-meta-" + name) }
            headers.append(("x-amz-meta-" + name.lowercased(), value))
        }
        if let serverSideEncryption { headers += serverSideEncryption.headers }
        for (name, value) in headers where !value.utf8.allSatisfy({ $0 == 0x09 || (0x20...0x7E).contains($0) }) {
            throw S3ClientError.invalidHeader(name)
        }
        return headers
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// Preconditions of a GetObject: a failed one answers `S3Error` with status 304 (`NotModified`: the
/// `If-None-Match`/`If-Modified-Since` case) or 412 (`PreconditionFailed`).
public struct S3GetConditions: Sendable, Hashable {
    /// Only if the ETag (unquoted) matches.
    public var ifMatch: String?
    /// Only if the ETag differs.
    public var ifNoneMatch: String?
    public var ifModifiedSince: Date?
    public var ifUnmodifiedSince: Date?

    public init(ifMatch: String? = nil, ifNoneMatch: String? = nil, ifModifiedSince: Date? = nil, ifUnmodifiedSince: Date? = nil) {
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.ifUnmodifiedSince = ifUnmodifiedSince
    }

    var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let ifMatch { headers.append(("if-match", quotedETag(ifMatch))) }
        if let ifNoneMatch { headers.append(("if-none-match", quotedETag(ifNoneMatch))) }
        if let ifModifiedSince { headers.append(("if-modified-since", HTTPDate.format(ifModifiedSince))) }
        if let ifUnmodifiedSince { headers.append(("if-unmodified-since", HTTPDate.format(ifUnmodifiedSince))) }
        return headers
    }
}

func quotedETag(_ etag: String) -> String {
    etag == "*" || etag.hasPrefix("\"") ? etag : "\"\(etag)\""
}

extension S3Error {
    /// A conditional GET's `If-None-Match` / `If-Modified-Since` held: the caller's copy is current.
    public var isNotModified: Bool { statusCode == 304 }
    /// A conditional request's `If-Match` / `If-Unmodified-Since` failed.
    public var isPreconditionFailed: Bool { statusCode == 412 }
}
