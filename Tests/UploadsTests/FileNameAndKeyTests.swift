import Foundation
import Testing

@testable import Uploads

@Suite("File names, keys and headers")
struct FileNameAndKeyTests {
    let sanitizer = FileNameSanitizer()

    @Test func pathsAndControlCharactersAreRemoved() {
        #expect(sanitizer.sanitize("../../etc/passwd") == "passwd")
        #expect(sanitizer.sanitize(#"C:\Users\me\report.pdf"#) == "report.pdf")
        #expect(sanitizer.sanitize("bad\u{0}na\u{7}me\n.txt") == "badname.txt")
        #expect(sanitizer.sanitize("evil\u{202E}txt.exe") == "eviltxt.exe")
        #expect(sanitizer.sanitize("..") == "file")
        #expect(sanitizer.sanitize(".hidden") == "hidden")
        #expect(sanitizer.sanitize("   ") == "file")
        #expect(sanitizer.sanitize(nil) == "file")
        #expect(sanitizer.sanitize("résumé 2024.pdf") == "résumé 2024.pdf")
    }

    @Test func longNamesKeepTheirExtensionAndValidUTF8() {
        let name = String(repeating: "é", count: 300) + ".jpeg"
        let cleaned = sanitizer.sanitize(name)
        #expect(cleaned.utf8.count <= 255)
        #expect(cleaned.hasSuffix(".jpeg"))
        #expect(cleaned.dropLast(5).allSatisfy { $0 == "é" })
    }

    @Test func storageKeysCannotEscapeTheirSegments() {
        let id = UUID(uuidString: "123E4567-E89B-12D3-A456-426614174000")!
        #expect(
            StorageKey.forFile(userID: "alice", fileID: id, fileName: "a b.txt") == "alice/123e4567-e89b-12d3-a456-426614174000/a b.txt")
        #expect(
            StorageKey.forFile(userID: "auth0|x/../y", fileID: id, fileName: "é.txt")
                == "auth0%7Cx%2F..%2Fy/123e4567-e89b-12d3-a456-426614174000/é.txt")
        #expect(StorageKey.forFile(userID: "..", fileID: id, fileName: "f").hasPrefix("%2E./"))
    }

    @Test func contentDispositionHasAnASCIIFallbackAndTheExactName() {
        #expect(ContentDisposition.attachment(fileName: "plain.txt") == #"attachment; filename="plain.txt"; filename*=UTF-8''plain.txt"#)
        #expect(
            ContentDisposition.attachment(fileName: "€ \"q\".txt")
                == #"attachment; filename="_ _q_.txt"; filename*=UTF-8''%E2%82%AC%20%22q%22.txt"#)
    }

    @Test func ranges() throws {
        #expect(try ByteRange.resolve(header: nil, size: 10) == nil)
        #expect(try ByteRange.resolve(header: "bytes=0-4", size: 10) == 0...4)
        #expect(try ByteRange.resolve(header: "bytes=5-", size: 10) == 5...9)
        #expect(try ByteRange.resolve(header: "bytes=-3", size: 10) == 7...9)
        #expect(try ByteRange.resolve(header: "bytes=-30", size: 10) == 0...9)
        #expect(try ByteRange.resolve(header: "bytes=8-100", size: 10) == 8...9)
        #expect(try ByteRange.resolve(header: "bytes=0-1,4-5", size: 10) == nil)
        #expect(try ByteRange.resolve(header: "items=0-1", size: 10) == nil)
        #expect(try ByteRange.resolve(header: "bytes=5-2", size: 10) == nil)
        #expect(throws: UploadError.rangeNotSatisfiable(size: 10)) { try ByteRange.resolve(header: "bytes=10-", size: 10) }
        #expect(throws: UploadError.rangeNotSatisfiable(size: 0)) { try ByteRange.resolve(header: "bytes=0-", size: 0) }
    }

    @Test func cursorsRoundTripAndRejectGarbage() throws {
        let cursor = FileListCursor(createdAt: Date(timeIntervalSince1970: 1_700_000_000.123456), id: UUID())
        let decoded = try FileListCursor(encoded: cursor.encoded)
        #expect(decoded.id == cursor.id)
        #expect(abs(decoded.createdAt.timeIntervalSince(cursor.createdAt)) < 0.000_001)
        #expect(!cursor.encoded.contains("="))
        #expect(throws: UploadError.invalidCursor) { try FileListCursor(encoded: "not a cursor") }
    }

    @Test func multipartContentTypes() {
        #expect(MultipartContentType.boundary(of: "multipart/form-data; boundary=----x") == "----x")
        #expect(MultipartContentType.boundary(of: #"Multipart/Form-Data; charset=utf-8; boundary="a b""#) == "a b")
        #expect(MultipartContentType.boundary(of: "application/json") == nil)
        #expect(MultipartContentType.boundary(of: "multipart/form-data") == nil)
        #expect(MultipartContentType.boundary(of: nil) == nil)
        #expect(MediaType.normalized("image/png") == "image/png")
        #expect(MediaType.normalized("text/plain; charset=utf-8") == "text/plain; charset=utf-8")
        #expect(MediaType.normalized("not a type") == nil)
        #expect(MediaType.normalized("a/b\r\nX-Injected: 1") == nil)
    }
}
