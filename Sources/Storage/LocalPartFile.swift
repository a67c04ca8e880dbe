import Crypto
import NIOCore
import _NIOFileSystem

/// The file of one multipart part in a `LocalStore`: a header with the part's ETag (the MD5 of its
/// bytes, as S3 gives), then the bytes. The header is written last, to the temporary file that is then
/// renamed into place, so the ETag always describes the bytes beside it, and completing or listing an
/// upload reads a header per part instead of hashing the part again.
///
/// Part files written before the header existed have none; their ETag is computed from their bytes.
struct LocalPartFile: Sendable {
    /// `S3UPART1` followed by the 32 hex digits of the MD5, zero-padded to a file-system block, so the
    /// bytes stay block-aligned for a copy that shares extents instead of bytes.
    static let magic = Array("S3UPART1".utf8)
    static let headerLength: Int64 = 4096
    private static let hexDigits = Set("0123456789abcdef".utf8)

    /// The part's ETag, without quotes.
    let etag: String
    /// Where the part's bytes start in the file.
    let dataOffset: Int64
    /// The part's size.
    let size: Int64

    /// The header for a part whose bytes have this MD5.
    static func header(md5: Insecure.MD5.Digest) -> ByteBuffer {
        var header = ByteBuffer(bytes: magic)
        header.writeString(hex(md5))
        header.writeRepeatingByte(0, count: Int(headerLength) - header.readableBytes)
        return header
    }

    static func hex(_ md5: Insecure.MD5.Digest) -> String {
        md5.map { String(format: "%02x", $0) }.joined()
    }

    /// Reads the header of the part file at `path` (or, for a file without one, hashes its bytes).
    static func read(at path: FilePath, fileSystem: FileSystem) async throws -> LocalPartFile {
        try await fileSystem.withFileHandle(forReadingAt: path) { try await read(from: $0) }
    }

    /// Reads the header of the open part file.
    static func read(from handle: ReadFileHandle) async throws -> LocalPartFile {
        let fileSize = try await handle.info().size
        if fileSize >= headerLength {
            var head = try await handle.readChunk(fromAbsoluteOffset: 0, length: .bytes(headerLength))
            if head.readBytes(length: magic.count) == magic, let etag = head.readString(length: 32),
                etag.utf8.allSatisfy(hexDigits.contains)
            {
                return LocalPartFile(etag: etag, dataOffset: headerLength, size: fileSize - headerLength)
            }
        }
        var md5 = Insecure.MD5()
        for try await chunk in handle.readChunks(in: 0..<fileSize, chunkLength: .mebibytes(1)) {
            chunk.withUnsafeReadableBytes { md5.update(bufferPointer: $0) }
        }
        return LocalPartFile(etag: hex(md5.finalize()), dataOffset: 0, size: fileSize)
    }
}
