import AsyncHTTPClient
import NIOCore

extension S3Client {
    /// Whether object data goes out as `UNSIGNED-PAYLOAD` (see `S3PayloadSigning`), which a part streamed
    /// with `uploadPart(…, length:, body:)` needs: its hash can't be known before its bytes are.
    public var sendsObjectDataUnsigned: Bool {
        !configuration.payloadSigning.signsPayload(scheme: endpoint.scheme)
    }

    /// Uploads part `partNumber` of `length` bytes read from `body` while they are sent, and returns its
    /// ETag. The body is read once, so a failed attempt is not repeated; `body` must yield exactly `length`
    /// bytes. Requires `sendsObjectDataUnsigned`.
    public func uploadPart<Body: AsyncSequence & Sendable>(
        bucket: String, key: String, uploadID: String, partNumber: Int, length: Int64, body: Body
    ) async throws -> String where Body.Element == ByteBuffer {
        precondition(sendsObjectDataUnsigned, "a streamed part is sent as UNSIGNED-PAYLOAD")
        let response = try await execute(Operation(
            name: "UploadPart", method: .PUT, bucket: bucket, key: key,
            query: [("partNumber", String(partNumber)), ("uploadId", uploadID)],
            streamedBody: StreamedBody(length: length, body: .stream(body, length: .known(length))),
            idempotent: false, retried: false, bulkBody: true))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
        guard let etag = response.headers.first(name: "etag").flatMap(unquotedETag) else {
            throw S3ClientError.unexpectedResponse("UploadPart answered without an ETag")
        }
        return etag
    }
}
