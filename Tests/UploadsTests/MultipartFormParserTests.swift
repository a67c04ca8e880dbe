import NIOCore
import Testing

@testable import Uploads

@Suite("MultipartFormParser")
struct MultipartFormParserTests {
    struct ParsedPart: Equatable {
        var headers: [String]
        var body: [UInt8]
    }

    static func form(boundary: String, parts: [(headers: [String], body: [UInt8])], preamble: String = "") -> [UInt8] {
        var bytes = Array(preamble.utf8)
        for part in parts {
            bytes += Array("--\(boundary)\r\n".utf8)
            for header in part.headers { bytes += Array("\(header)\r\n".utf8) }
            bytes += Array("\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// Feeds `bytes` in chunks of `chunkSize` and collects parts.
    static func parse(_ bytes: [UInt8], boundary: String, chunkSize: Int) throws -> (parts: [ParsedPart], complete: Bool, chunks: Int) {
        var parser = try MultipartFormParser(boundary: boundary)
        var parts: [ParsedPart] = []
        var bodyChunks = 0
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSize)
            for event in try parser.parse(ByteBuffer(bytes: bytes[offset..<end])) {
                switch event {
                case .partBegin(let headers):
                    parts.append(ParsedPart(headers: headers.fields.map { "\($0.name): \($0.value)" }, body: []))
                case .bodyChunk(let chunk):
                    bodyChunks += 1
                    parts[parts.count - 1].body += Array(chunk.readableBytesView)
                case .partEnd:
                    break
                }
            }
            offset = end
        }
        return (parts, parser.isComplete, bodyChunks)
    }

    @Test("parts come out identical whatever the chunk size", arguments: [1, 2, 3, 7, 64, 4096, 1 << 20])
    func chunkSizes(chunkSize: Int) throws {
        var generator = SystemRandomNumberGenerator()
        // Binary data full of CR, LF and dashes, including a near-miss of the delimiter.
        var binary = (0..<20_000).map { _ in [13, 10, 45, UInt8.random(in: 0...255, using: &generator)].randomElement()! }
        binary += Array("\r\n--XyZboundar".utf8) + [0, 13]
        let boundary = "XyZboundary"
        let parts: [(headers: [String], body: [UInt8])] = [
            (["Content-Disposition: form-data; name=\"note\""], Array("hello".utf8)),
            (["Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"", "Content-Type: application/octet-stream"], binary),
            (["Content-Disposition: form-data; name=\"empty\""], []),
        ]
        let result = try Self.parse(
            Self.form(boundary: boundary, parts: parts, preamble: "ignored preamble\r\n"), boundary: boundary, chunkSize: chunkSize)
        #expect(result.complete)
        #expect(result.parts.map(\.body) == parts.map(\.body))
        #expect(
            result.parts[1].headers == [
                "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"", "Content-Type: application/octet-stream",
            ])
    }

    @Test func largeChunksAreNotSplitAtEveryCarriageReturn() throws {
        let body = [UInt8](repeating: 13, count: 100_000)
        let boundary = "b"
        let result = try Self.parse(
            Self.form(boundary: boundary, parts: [(["Content-Disposition: form-data; name=\"file\""], body)]), boundary: boundary,
            chunkSize: 1 << 20)
        #expect(result.parts.first?.body == body)
        #expect(result.chunks == 1)
    }

    @Test func truncatedBodyIsNotComplete() throws {
        let boundary = "abc"
        var bytes = Self.form(boundary: boundary, parts: [(["Content-Disposition: form-data; name=\"file\""], Array("data".utf8))])
        bytes.removeLast(4)
        var parser = try MultipartFormParser(boundary: boundary)
        _ = try parser.parse(ByteBuffer(bytes: bytes))
        #expect(!parser.isComplete)
        #expect(throws: MultipartFormParser.Failure.truncated) { try parser.finish() }
    }

    @Test func headerWithoutColonIsMalformed() throws {
        var parser = try MultipartFormParser(boundary: "abc")
        #expect(throws: MultipartFormParser.Failure.self) {
            _ = try parser.parse(ByteBuffer(string: "--abc\r\nno colon here\r\n\r\nbody\r\n--abc--"))
        }
    }

    @Test func oversizedHeadersAreRefused() throws {
        var parser = try MultipartFormParser(boundary: "abc", maximumHeaderBytes: 100)
        #expect(throws: MultipartFormParser.Failure.headersTooLarge) {
            _ = try parser.parse(ByteBuffer(string: "--abc\r\nX-Long: " + String(repeating: "a", count: 200)))
        }
    }

    @Test func invalidBoundaryIsRefused() {
        #expect(throws: MultipartFormParser.Failure.invalidBoundary) { try MultipartFormParser(boundary: "") }
        #expect(throws: MultipartFormParser.Failure.invalidBoundary) {
            try MultipartFormParser(boundary: String(repeating: "x", count: 71))
        }
    }

    @Test func contentDispositionParameters() {
        let headers = MultipartPartHeaders(fields: [
            ("content-disposition", #"form-data; name="file"; filename="plain \"q\".txt"; filename*=UTF-8''%E2%82%AC%20rates.txt"#),
            ("Content-Type", "text/plain"),
        ])
        #expect(headers.name == "file")
        #expect(headers.fileName == "€ rates.txt")
        #expect(headers.contentType == "text/plain")
        let quoted = MultipartPartHeaders(fields: [("Content-Disposition", #"form-data; name=file; filename="a \"b\".txt""#)])
        #expect(quoted.fileName == #"a "b".txt"#)
        #expect(quoted.name == "file")
    }
}
