import NIOCore

/// A `multipart/form-data` body.
public struct MultipartBody: Sendable {
    public static let boundary = "----s3uploader-test-boundary"
    public var parts: [(headers: String, body: [UInt8])] = []

    public init() {}

    public mutating func addFile(
        name: String = "file", fileName: String, contentType: String = "application/octet-stream", bytes: [UInt8]
    ) {
        parts.append(("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: \(contentType)", bytes))
    }

    public mutating func addField(name: String, value: String) {
        parts.append(("Content-Disposition: form-data; name=\"\(name)\"", Array(value.utf8)))
    }

    public var buffer: ByteBuffer {
        var bytes: [UInt8] = []
        for part in parts {
            bytes += Array("--\(Self.boundary)\r\n\(part.headers)\r\n\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        bytes += Array("--\(Self.boundary)--\r\n".utf8)
        return ByteBuffer(bytes: bytes)
    }

    public static var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}
