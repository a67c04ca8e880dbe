import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore

extension S3Client {
    /// Whether object data goes out as `UNSIGNED-PAYLOAD` (see `S3PayloadSigning`), which a part streamed
    /// with `uploadPart(…, length:, body:)` needs: its hash can't be known before its bytes are.
    public var sendsObjectDataUnsigned: Bool {
        !configuration.payloadSigning.signsPayload(scheme: endpoint.scheme)
    }

    /// Uploads part `partNumber` of `length` bytes read from `body` while they are sent, and returns its
    /// ETag. `body` must yield exactly `length` bytes. Requires `sendsObjectDataUnsigned`.
    ///
    /// The body is read once and not kept: holding a whole part to resend it would take the memory that
    /// streaming exists to save. So a failure is retried (per `retryPolicy`) only while none of the body was
    /// read — no connection could be made, or the pooled one was found closed before the request went
    /// out. A connection lost, a timeout or an error answer (503 SlowDown, 500) once its bytes started to
    /// flow is thrown to the caller, which can only fail the upload: the transient failures are the
    /// ones `S3RetryPolicy.isTransportFailure` and `isRetryable(_:)` recognise, so the caller can tell
    /// its own client "try again later".
    public func uploadPart<Body: AsyncSequence & Sendable>(
        bucket: String, key: String, uploadID: String, partNumber: Int, length: Int64, body: Body
    ) async throws -> String where Body.Element == ByteBuffer {
        precondition(sendsObjectDataUnsigned, "a streamed part is sent as UNSIGNED-PAYLOAD")
        let tracked = ReadOnceBody(base: body)
        // UploadPart is idempotent (the same number replaces the part), so only the body limits a repeat.
        let response = try await execute(
            Operation(
                name: "UploadPart", method: .PUT, bucket: bucket, key: key,
                query: [("partNumber", String(partNumber)), ("uploadId", uploadID)],
                streamedBody: StreamedBody(
                    length: length, body: .stream(tracked, length: .known(length)),
                    started: { tracked.started }),
                bulkBody: true))
        _ = try await Self.collect(response.body, upTo: 64 * 1024)
        guard let etag = response.headers.first(name: "etag").flatMap(unquotedETag) else {
            throw S3ClientError.unexpectedResponse("UploadPart answered without an ETag")
        }
        return etag
    }
}

/// A one-pass body that records when the HTTP client begins to read it (makes its iterator, which it
/// does only once the request head is on its way): until then an attempt may be repeated with it.
struct ReadOnceBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    typealias AsyncIterator = Base.AsyncIterator

    let base: Base
    private let startedBox = NIOLockedValueBox(false)

    init(base: Base) { self.base = base }

    var started: Bool { startedBox.withLockedValue { $0 } }

    func makeAsyncIterator() -> Base.AsyncIterator {
        startedBox.withLockedValue { $0 = true }
        return base.makeAsyncIterator()
    }
}
