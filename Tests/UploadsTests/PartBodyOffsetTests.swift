import NIOCore
import Testing

@testable import Uploads

@Suite("MultipartFormParser: where a part's body starts")
struct PartBodyOffsetTests {
    @Test("bodyOffset is the body's offset in the form whatever the chunk size", arguments: [1, 3, 17, 4096])
    func bodyOffset(chunkSize: Int) throws {
        let boundary = "----formBoundary7MA4YWxkTrZu0gW"
        let bodies: [[UInt8]] = [Array("a note".utf8), Array(repeating: 0x2d, count: 5000), []]
        let form = MultipartFormParserTests.form(
            boundary: boundary,
            parts: bodies.enumerated().map { index, body in
                (["Content-Disposition: form-data; name=\"f\(index)\"; filename=\"f\(index).bin\""], body)
            }, preamble: "preamble\r\n")

        var parser = try MultipartFormParser(boundary: boundary)
        var offsets: [Int64] = []
        var position = 0
        while position < form.count {
            let end = min(form.count, position + chunkSize)
            for case .partBegin(let headers) in try parser.parse(ByteBuffer(bytes: form[position..<end])) {
                offsets.append(headers.bodyOffset)
            }
            position = end
        }

        #expect(offsets.count == bodies.count)
        for (offset, body) in zip(offsets, bodies) where !body.isEmpty {
            #expect(Array(form[Int(offset)..<Int(offset) + body.count]) == body)
            #expect(form[Int(offset) - 4..<Int(offset)] == [13, 10, 13, 10])
        }
    }

    @Test("the file part's expected size is exact for a form that ends with it", arguments: [0, 1, 1000])
    func expectedSizeOfLastPart(size: Int) throws {
        let boundary = "b0undary"
        let file = [UInt8](repeating: 7, count: size)
        let form = MultipartFormParserTests.form(
            boundary: boundary,
            parts: [
                (["Content-Disposition: form-data; name=\"note\""], Array("x".utf8)),
                (["Content-Disposition: form-data; name=\"file\"; filename=\"a\""], file),
            ])
        var parser = try MultipartFormParser(boundary: boundary)
        var fileOffset: Int64?
        for case .partBegin(let headers) in try parser.parse(ByteBuffer(bytes: form)) where headers.name == "file" {
            fileOffset = headers.bodyOffset
        }
        let offset = try #require(fileOffset)
        // `form` ends with the closing delimiter and CRLF, as curl and browsers send it.
        #expect(parser.maximumPartBodyLength(startingAt: offset, formLength: Int64(form.count)) - 2 == Int64(size))
    }
}
