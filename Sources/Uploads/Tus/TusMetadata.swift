import Foundation

/// `Upload-Metadata`: comma-separated `key base64value` pairs (the value may be absent).
public struct TusMetadata: Sendable, Equatable {
    public var values: [String: String]

    public init(header: String?) throws {
        values = [:]
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        for pair in header.split(separator: ",") {
            let pieces = pair.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
            guard let key = pieces.first, pieces.count <= 2 else {
                throw TusError.invalidHeader(name: "Upload-Metadata", reason: "expected comma-separated \"key base64value\" pairs")
            }
            var value = ""
            if pieces.count == 2 {
                guard let data = Data(base64Encoded: String(pieces[1])) else {
                    throw TusError.invalidHeader(name: "Upload-Metadata", reason: "the value of \(key) is not base64")
                }
                value = String(decoding: data, as: UTF8.self)
            }
            values[String(key)] = value
        }
    }

    /// The client's file name (`filename`, or `name` as Uppy sends).
    public var fileName: String? { values["filename"] ?? values["name"] }
    /// The client's media type (`filetype`, or `type`).
    public var fileType: String? { values["filetype"] ?? values["type"] }
}
