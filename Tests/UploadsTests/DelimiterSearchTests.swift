import Testing

@testable import Uploads

@Suite("DelimiterSearch")
struct DelimiterSearchTests {
    /// The first offset of `pattern` in `bytes`, the slow and obvious way.
    private func naiveOffset(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    private func search(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { DelimiterSearch(pattern).firstOffset(in: $0) }
    }

    @Test func findsTheDelimiterWhereverItIs() {
        let delimiter = Array("\r\n--------------------------3f1c0a9b7e2d".utf8)
        for position in [0, 1, 39, 40, 41, 1000, 4096 - delimiter.count] {
            var bytes = [UInt8](repeating: 0x2D, count: 4096)  // all '-', the delimiter's most common byte
            bytes.replaceSubrange(position..<(position + delimiter.count), with: delimiter)
            #expect(search(delimiter, in: bytes) == position)
        }
    }

    @Test func agreesWithANaiveSearchOnNearMisses() {
        // Short alphabets and patterns built from it force partial matches, repeats and overlaps.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let alphabet: [UInt8] = [13, 10, 45, 97]
            let pattern = (0..<Int.random(in: 1...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            #expect(search(pattern, in: bytes) == naiveOffset(of: pattern, in: bytes), "pattern \(pattern) in \(bytes)")
        }
    }

    @Test func reportsNoMatchWhenTheDelimiterIsCutOff() {
        let delimiter = Array("\r\n--boundary".utf8)
        let bytes = Array("file data\r\n--bound".utf8)
        #expect(search(delimiter, in: bytes) == nil)
        #expect(search(delimiter, in: []) == nil)
    }
}
