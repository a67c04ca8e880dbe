import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A part of a multipart upload, as `CompleteMultipartUpload` lists it.
public struct S3CompletedPart: Sendable, Hashable {
    public var partNumber: Int
    public var etag: String

    public init(partNumber: Int, etag: String) {
        self.partNumber = partNumber
        self.etag = etag
    }
}

extension S3Client {
    /// Starts a multipart upload and returns its upload id.
    public func createMultipartUpload(bucket: String, key: String, contentType: String? = nil) async throws -> String {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("content-type", contentType)) }
        let response = try await execute(
            Operation(method: .POST, bucket: bucket, key: key, query: [("uploads", "")], headers: headers))
        let root = try XMLElementNode.parse(try await Self.collect(response.body, upTo: 1024 * 1024))
        guard let uploadID = root.childText("UploadId"), !uploadID.isEmpty else {
            throw S3ClientError.unexpectedResponse("CreateMultipartUpload answered without an UploadId")
        }
        return uploadID
    }

    /// Uploads part `partNumber` (1...10000) and returns its ETag.
    public func uploadPart(bucket: String, key: String, uploadID: String, partNumber: Int, body: ByteBuffer) async throws -> String {
        let response = try await execute(Operation(
            method: .PUT, bucket: bucket, key: key,
            query: [("partNumber", String(partNumber)), ("uploadId", uploadID)], body: body))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
        guard let etag = response.headers.first(name: "etag").flatMap(unquotedETag) else {
            throw S3ClientError.unexpectedResponse("UploadPart answered without an ETag")
        }
        return etag
    }

    /// Assembles the parts (sorted by number) into the object. Returns the object's ETag when the server
    /// tells it (RGW answers an empty `<ETag>`: `headObject` has it).
    @discardableResult
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [S3CompletedPart]) async throws -> String? {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            xml += "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(xmlEscaped("\"\(part.etag)\""))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let response = try await execute(Operation(
            method: .POST, bucket: bucket, key: key, query: [("uploadId", uploadID)],
            headers: [("content-type", "application/xml")], body: ByteBuffer(string: xml)))
        // S3 may answer 200 and report a failure in the body.
        let body = try await Self.collect(response.body, upTo: 1024 * 1024)
        let root = try XMLElementNode.parse(body)
        if root.name == "Error" {
            throw S3Error.decode(statusCode: Int(response.status.code), body: body,
                                 requestID: response.headers.first(name: "x-amz-request-id"))
        }
        return root.childText("ETag").flatMap(unquotedETag)
    }

    /// Discards a multipart upload and its parts. Throws `S3Error` `NoSuchUpload` when it is unknown.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        let response = try await execute(
            Operation(method: .DELETE, bucket: bucket, key: key, query: [("uploadId", uploadID)]))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
    }
}
