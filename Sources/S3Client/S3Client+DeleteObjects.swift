import Crypto
import Foundation
import NIOCore

/// A key that DeleteObjects could not delete.
public struct S3DeleteObjectError: Sendable, Hashable, Error {
    public var key: String
    public var code: String
    public var message: String?
}

extension S3Client {
    /// Deletes `keys` with DeleteObjects, 1000 per request (quiet mode). Returns the keys that failed, with
    /// the server's reason; missing keys count as deleted. Keys that XML can't carry (control characters) are
    /// deleted one by one with DeleteObject.
    @discardableResult
    public func deleteObjects(bucket: String, keys allKeys: [String]) async throws -> [S3DeleteObjectError] {
        var failures: [S3DeleteObjectError] = []
        let keys = allKeys.filter(isXMLRepresentable)
        for key in allKeys where !isXMLRepresentable(key) {
            do {
                try await deleteObject(bucket: bucket, key: key)
            } catch let error as S3Error {
                failures.append(S3DeleteObjectError(key: key, code: error.code, message: error.message))
            }
        }
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + 1000, keys.count)]
            start += batch.count
            var xml = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
            for key in batch { xml += "<Object><Key>\(xmlEscaped(key))</Key></Object>" }
            xml += "</Delete>"
            let body = ByteBuffer(string: xml)
            let response = try await execute(
                Operation(
                    name: "DeleteObjects", method: .POST, bucket: bucket, query: [("delete", "")],
                    headers: [("content-type", "application/xml")] + S3Checksums.contentMD5.headers(for: body), body: body))
            let root = try await Self.checkedXML(response, limit: 16 * 1024 * 1024)
            failures += root.children("Error").map {
                S3DeleteObjectError(key: $0.childText("Key") ?? "", code: $0.childText("Code") ?? "", message: $0.childText("Message"))
            }
        }
        return failures
    }
}
