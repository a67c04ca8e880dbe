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
        try await createMultipartUpload(bucket: bucket, key: key, options: S3PutOptions(contentType: contentType))
    }

    /// Starts a multipart upload of an object described by `options` (its `checksums` are per part: pass
    /// them to `uploadPart`). Returns the upload id.
    public func createMultipartUpload(bucket: String, key: String, options: S3PutOptions) async throws -> String {
        // Not idempotent: a lost answer is not retried (it would leave an orphan upload behind).
        let response = try await execute(
            Operation(
                name: "CreateMultipartUpload", method: .POST, bucket: bucket, key: key, query: [("uploads", "")],
                headers: try options.objectHeaders(), idempotent: false))
        let root = try XMLElementNode.parse(try await Self.collect(response.body, upTo: 1024 * 1024))
        guard let uploadID = root.childText("UploadId"), !uploadID.isEmpty else {
            throw S3ClientError.unexpectedResponse("CreateMultipartUpload answered without an UploadId")
        }
        return uploadID
    }

    /// Uploads part `partNumber` (1...10000) and returns its ETag. A failed attempt is repeated whole, with
    /// the same bytes and the same payload hash.
    public func uploadPart(
        bucket: String, key: String, uploadID: String, partNumber: Int, body: ByteBuffer, checksums: S3Checksums = []
    ) async throws -> String {
        let response = try await execute(
            Operation(
                name: "UploadPart", method: .PUT, bucket: bucket, key: key,
                query: [("partNumber", String(partNumber)), ("uploadId", uploadID)],
                headers: checksums.headers(for: body), body: body, bulkBody: true))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
        guard let etag = response.headers.first(name: "etag").flatMap(unquotedETag) else {
            throw S3ClientError.unexpectedResponse("UploadPart answered without an ETag")
        }
        return etag
    }

    /// Assembles the parts (sorted by number) into the object. Returns the object's ETag when the server
    /// tells it (RGW answers an empty `<ETag>`: `headObject` has it).
    ///
    /// A failed attempt may have completed the upload with its answer lost on the way back, and servers differ
    /// on a repeat (AWS answers `NoSuchUpload`, RGW 200). So an attempt is only repeated after ListParts shows
    /// the upload still exists; when it is gone, the object's multipart ETag (`-<parts>`) and fresh date
    /// confirm that the earlier attempt succeeded.
    @discardableResult
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [S3CompletedPart]) async throws -> String? {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            xml += "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(xmlEscaped(quotedETag(part.etag)))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let operation = Operation(
            name: "CompleteMultipartUpload", method: .POST, bucket: bucket, key: key, query: [("uploadId", uploadID)],
            headers: [("content-type", "application/xml")], body: ByteBuffer(string: xml), idempotent: false, retried: false)
        let started = NIODeadline.now()
        let startedAt = clock.now()
        var attempt = 1
        while true {
            do {
                let response = try await execute(operation)
                let root = try await Self.checkedXML(response, limit: 1024 * 1024)
                return root.childText("ETag").flatMap(unquotedETag)
            } catch {
                let retryable =
                    (error as? S3Error).map(retryPolicy.isRetryable)
                    ?? retryPolicy.isRetryable(transportError: error, idempotent: true)
                guard retryable else { throw error }
                do {
                    _ = try await listPartsPage(bucket: bucket, key: key, uploadID: uploadID, maxParts: 1)
                } catch let listError as S3Error where listError.statusCode == 404 {
                    // The upload is gone: completed by an attempt whose answer was lost, or aborted.
                    if let head = try await headObject(bucket: bucket, key: key),
                        head.etag?.hasSuffix("-\(parts.count)") == true,
                        (head.lastModified ?? .distantPast) >= startedAt.addingTimeInterval(-5)
                    {
                        logger.info("CompleteMultipartUpload succeeded on an earlier attempt", metadata: ["s3_key": "\(key)"])
                        return head.etag
                    }
                    throw error
                }
                guard
                    try await pauseBeforeRetry(
                        operation, attempt: &attempt, since: started, reason: (error as? S3Error)?.code ?? "connection")
                else { throw error }
            }
        }
    }

    /// Discards a multipart upload and its parts. Throws `S3Error` `NoSuchUpload` when it is unknown.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        let response = try await execute(
            Operation(
                name: "AbortMultipartUpload", method: .DELETE, bucket: bucket, key: key, query: [("uploadId", uploadID)]))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
    }

    /// Parses a 200 answer's XML body; S3 may answer 200 and report a failure in the body
    /// (CompleteMultipartUpload, CopyObject, UploadPartCopy), which is thrown as `S3Error`.
    static func checkedXML(_ response: HTTPClientResponse, limit: Int) async throws -> XMLElementNode {
        let body = try await collect(response.body, upTo: limit)
        let root = try XMLElementNode.parse(body)
        if root.name == "Error" {
            throw S3Error.decode(
                statusCode: Int(response.status.code), body: body,
                requestID: response.headers.first(name: "x-amz-request-id"))
        }
        return root
    }
}
