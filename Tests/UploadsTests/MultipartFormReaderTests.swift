import NIOCore
import Testing

@testable import Uploads

/// The one form-reading loop: the file part streams, small text fields arrive whole, and every other
/// part is refused by name before the receiver sees it.
@Suite("MultipartFormReader")
struct MultipartFormReaderTests {
    static let boundary = "form-boundary"
    static let contentType = "multipart/form-data; boundary=\(boundary)"

    /// What the receiver was handed, in order.
    struct Recorder: MultipartFormReceiver {
        var events: [String] = []
        var fileBytes: [UInt8] = []
        var maximumSize: Int64?

        mutating func fileBegins(_ part: MultipartFilePart) async throws {
            events.append("file \(part.headers.name ?? "-") \(part.headers.fileName ?? "-")")
            maximumSize = part.maximumSize
        }
        mutating func fileBytes(_ chunk: ByteBuffer) async throws { fileBytes += chunk.readableBytesView }
        mutating func fileEnds() async throws { events.append("end") }
        mutating func field(name: String, value: String) async throws { events.append("field \(name)=\(value)") }
    }

    static func form(_ parts: [(headers: [String], body: String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for part in parts {
            bytes += Array("--\(boundary)\r\n".utf8)
            for header in part.headers { bytes += Array("\(header)\r\n".utf8) }
            bytes += Array("\r\n\(part.body)\r\n".utf8)
        }
        return bytes + Array("--\(boundary)--\r\n".utf8)
    }

    /// Feeds the form in pieces of `chunkSize` bytes, as a request body arrives.
    static func read(
        _ bytes: [UInt8], chunkSize: Int = 7, names: Set<String> = ["file"], maximumFieldBytes: Int = 64
    ) async throws -> Recorder {
        let pieces = stride(from: 0, to: bytes.count, by: chunkSize).map { ByteBuffer(bytes: bytes[$0..<min(bytes.count, $0 + chunkSize)]) }
        var recorder = Recorder()
        let reader = MultipartFormReader(filePartNames: names, maximumFieldBytes: maximumFieldBytes)
        try await reader.read(contentType: contentType, contentLength: Int64(bytes.count), body: Self.body(pieces), into: &recorder)
        return recorder
    }

    static func body(_ pieces: [ByteBuffer]) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            for piece in pieces { continuation.yield(piece) }
            continuation.finish()
        }
    }

    static let file = ["Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"", "Content-Type: text/plain"]

    @Test func theFileStreamsAndTextFieldsArriveWhole() async throws {
        let bytes = Self.form([
            (["Content-Disposition: form-data; name=\"note\""], "before"),
            (Self.file, "alpha bravo charlie"),
            (["Content-Disposition: form-data; name=\"tag\"", "Content-Type: text/plain; charset=utf-8"], "after"),
        ])
        let recorder = try await Self.read(bytes)
        #expect(recorder.events == ["field note=before", "file file a.txt", "end", "field tag=after"])
        #expect(String(decoding: recorder.fileBytes, as: UTF8.self) == "alpha bravo charlie")
        #expect(try #require(recorder.maximumSize) >= 19)
    }

    /// `curl -F "file=@a.txt,b.txt"`: one part whose body is a `multipart/mixed` holding both files.
    @Test func severalFilesInTheFilePartAreRefused() async throws {
        let nested = "--inner\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\n\r\nalpha\r\n--inner--"
        let bytes = Self.form([
            (["Content-Disposition: form-data; name=\"file\"", "Content-Type: multipart/mixed; boundary=inner"], nested)
        ])
        await #expect(throws: UploadError.partRefused(name: "file", .severalFiles)) { try await Self.read(bytes) }
    }

    /// `curl -F file=@a -F file2=@b`: the second file would be dropped.
    @Test func anotherPartCarryingAFileIsRefusedByName() async throws {
        let withName = Self.form([
            (Self.file, "alpha"),
            (["Content-Disposition: form-data; name=\"file2\"; filename=\"b.txt\"", "Content-Type: text/plain"], "bravo"),
        ])
        await #expect(throws: UploadError.partRefused(name: "file2", .notATextField)) { try await Self.read(withName) }
        let binary = Self.form([
            (["Content-Disposition: form-data; name=\"meta\"", "Content-Type: application/json"], "{}"),
            (Self.file, "alpha"),
        ])
        await #expect(throws: UploadError.partRefused(name: "meta", .notATextField)) { try await Self.read(binary) }
    }

    @Test func aSecondFilePartIsRefused() async throws {
        let bytes = Self.form([(Self.file, "alpha"), (Self.file, "bravo")])
        await #expect(throws: UploadError.partRefused(name: "file", .secondFile)) { try await Self.read(bytes) }
        let chunkAndFile = Self.form([
            (["Content-Disposition: form-data; name=\"chunk\"; filename=\"blob\""], "alpha"), (Self.file, "bravo"),
        ])
        await #expect(throws: UploadError.partRefused(name: "file", .secondFile)) {
            try await Self.read(chunkAndFile, names: ["chunk", "file"])
        }
    }

    @Test func textFieldsBeyondTheLimitAreRefusedByName() async throws {
        let bytes = Self.form([
            (["Content-Disposition: form-data; name=\"small\""], String(repeating: "a", count: 40)),
            (["Content-Disposition: form-data; name=\"large\""], String(repeating: "b", count: 40)),
            (Self.file, "alpha"),
        ])
        await #expect(throws: UploadError.partRefused(name: "large", .fieldsTooLarge(limit: 64))) { try await Self.read(bytes) }
    }

    @Test func formsWithoutAFileOrWithoutAnEndAreRefused() async throws {
        let fieldsOnly = Self.form([(["Content-Disposition: form-data; name=\"note\""], "no file")])
        await #expect(throws: UploadError.missingFilePart) { try await Self.read(fieldsOnly) }
        let truncated = Array(Self.form([(Self.file, "alpha")]).dropLast(10))
        await #expect(throws: UploadError.incompleteBody) { try await Self.read(truncated) }
        let unnamed = Self.form([(["Content-Disposition: form-data"], "x"), (Self.file, "alpha")])
        await #expect(throws: UploadError.malformedForm("a part has no name")) { try await Self.read(unnamed) }
    }

    @Test func onlyMultipartFormDataIsRead() async throws {
        var recorder = Recorder()
        let reader = MultipartFormReader(filePartNames: ["file"], maximumFieldBytes: 64)
        await #expect(throws: UploadError.notMultipartForm) {
            try await reader.read(contentType: "application/octet-stream", body: Self.body([]), into: &recorder)
        }
    }
}
