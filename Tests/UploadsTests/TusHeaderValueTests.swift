import Crypto
import Foundation
import NIOCore
import Storage
import Testing

@testable import Uploads

@Suite("tus header values")
struct TusHeaderValueTests {
    @Test func metadataDecodesPairsAndEmptyValues() throws {
        let header =
            "filename \(Data("a b.mp3".utf8).base64EncodedString()),filetype \(Data("audio/mpeg".utf8).base64EncodedString()),is_private"
        let metadata = try TusMetadata(header: header)
        #expect(metadata.fileName == "a b.mp3")
        #expect(metadata.fileType == "audio/mpeg")
        #expect(metadata.values["is_private"] == "")
        #expect(try TusMetadata(header: metadata.header).values == metadata.values)
        #expect(try TusMetadata(header: nil).values.isEmpty)
    }

    @Test func malformedMetadataIsRefused() {
        #expect(throws: TusError.self) { try TusMetadata(header: "filename not*base64") }
        #expect(throws: TusError.self) { try TusMetadata(header: "a b c") }
    }

    @Test func checksumVerifiesEachAlgorithm() throws {
        let bytes: [UInt8] = Array("hello tus".utf8)
        let digests: [(String, Data)] = [
            ("sha1", Data(Insecure.SHA1.hash(data: bytes))),
            ("sha256", Data(SHA256.hash(data: bytes))),
            ("md5", Data(Insecure.MD5.hash(data: bytes))),
        ]
        for (name, digest) in digests {
            let checksum = try TusChecksum(header: "\(name) \(digest.base64EncodedString())")
            var hasher = checksum.makeHasher()
            hasher.update(ByteBuffer(bytes: bytes.prefix(4)))
            hasher.update(ByteBuffer(bytes: bytes.dropFirst(4)))
            #expect(hasher.finalize() == checksum.expected)
            var other = checksum.makeHasher()
            other.update(ByteBuffer(bytes: bytes.dropLast()))
            #expect(other.finalize() != checksum.expected)
        }
        #expect(throws: TusError.self) { try TusChecksum(header: "crc32 AAAA") }
        #expect(throws: TusError.self) { try TusChecksum(header: "sha1") }
    }

    @Test func partListRoundTrips() {
        let parts = [CompletedPart(partNumber: 1, etag: "\"abc\""), CompletedPart(partNumber: 2, etag: "\"d-e\"")]
        #expect(TusPartList.decode(TusPartList.encode(parts)) == parts)
        #expect(TusPartList.decode("").isEmpty)
    }

    @Test func lockKeysDifferPerUpload() {
        let first = UUID()
        let second = UUID()
        #expect(TusUploadService.lockKey(first) == TusUploadService.lockKey(first))
        #expect(TusUploadService.lockKey(first) != TusUploadService.lockKey(second))
    }

    @Test func mediaTypeGuessFollowsTheExtension() {
        #expect(MediaType.guess(fileName: "Song.MP3") == "audio/mpeg")
        #expect(MediaType.guess(fileName: "noextension") == "application/octet-stream")
    }
}
