import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Signs and sends `operation`, retrying per `retryPolicy`; returns the response when its status is 2xx
    /// (or in `accepting`), throws `S3Error` (or the transport error) otherwise.
    ///
    /// Every attempt sends the same `ByteBuffer` with the same `x-amz-content-sha256`, computed once from it;
    /// a streamed body is sent by a later attempt only if an earlier one failed before reading any of it.
    func execute(_ operation: Operation, accepting: Set<Int> = []) async throws -> HTTPClientResponse {
        let (host, path) = try location(bucket: operation.bucket, key: operation.key)
        let payloadHash = payloadHash(of: operation)
        let query = SigV4Signer.canonicalQuery(operation.query)
        let url = "\(endpoint.scheme)://\(host)\(path)" + (query.isEmpty ? "" : "?" + query)
        let sigV4Request = SigV4Request(
            method: operation.method.rawValue, host: host, encodedPath: path,
            query: operation.query, headers: operation.headers)
        let firstStart = NIODeadline.now()
        var attempt = 1
        var correctedClock = false
        while true {
            let credentials = try await configuration.credentialsProvider.credentials()
            let signer = SigV4Signer(credentials: credentials, region: configuration.region)
            var request = HTTPClientRequest(url: url)
            request.method = operation.method
            for (name, value) in signer.signedHeaders(for: sigV4Request, payloadHash: payloadHash, date: clock.now()) {
                request.headers.add(name: name, value: value)
            }
            if let streamed = operation.streamedBody {
                request.body = streamed.body
            } else if let body = operation.body {
                request.body = .bytes(body)
            } else if operation.method == .PUT || operation.method == .POST {
                request.headers.add(name: "content-length", value: "0")
            }

            let attemptStart = NIODeadline.now()
            let response: HTTPClientResponse
            do {
                response = try await httpClient.execute(request, timeout: attemptTimeout(for: operation), logger: logger)
            } catch {
                let elapsed = NIODeadline.now() - attemptStart
                metrics.request(operation.name, status: "error", nanoseconds: elapsed.nanoseconds)
                log(operation, attempt: attempt, status: "error", elapsed: elapsed, extra: ["error": "\(error)"])
                if operation.retried, operation.canRepeat,
                    retryPolicy.isRetryable(transportError: error, idempotent: operation.idempotent),
                    try await pauseBeforeRetry(operation, attempt: &attempt, since: firstStart, reason: "connection")
                {
                    continue
                }
                throw error
            }
            let elapsed = NIODeadline.now() - attemptStart
            let status = Int(response.status.code)
            metrics.request(operation.name, status: String(status), nanoseconds: elapsed.nanoseconds)
            let requestID = response.headers.first(name: "x-amz-request-id")
            log(operation, attempt: attempt, status: String(status), elapsed: elapsed, extra: ["s3_request_id": "\(requestID ?? "-")"])

            if (200..<300).contains(status) || accepting.contains(status) {
                let received = response.headers.first(name: "content-length").flatMap(Int.init) ?? 0
                metrics.bytes(
                    operation.name, sent: Int(operation.bodyLength),
                    received: operation.method == .HEAD ? 0 : received)
                return response
            }
            let error = S3Error.decode(
                statusCode: status,
                body: operation.method == .HEAD ? [] : (try? await Self.collect(response.body, upTo: 64 * 1024)) ?? [],
                requestID: requestID)
            // A HEAD answer has no body to name the error: a 403 whose Date is far from ours is taken for skew.
            let skewed =
                error.code == "RequestTimeTooSkewed"
                || (operation.method == .HEAD && status == 403 && clock.isSkewed(serverDate: response.headers.first(name: "date")))
            if skewed, operation.canRepeat, !correctedClock, clock.adopt(serverDate: response.headers.first(name: "date")) {
                correctedClock = true
                logger.warning("clock skew: adopting the server's time", metadata: ["s3_skew_seconds": "\(clock.skew)"])
                metrics.retry(operation.name, reason: error.code)
                continue
            }
            if operation.retried, operation.canRepeat, retryPolicy.isRetryable(error),
                try await pauseBeforeRetry(operation, attempt: &attempt, since: firstStart, reason: error.code)
            {
                continue
            }
            throw error
        }
    }

    /// `x-amz-content-sha256` of the request: the body's SHA-256, or `UNSIGNED-PAYLOAD` for object data
    /// when `configuration.payloadSigning` leaves it unsigned.
    func payloadHash(of operation: Operation) -> String {
        if operation.streamedBody != nil { return SigV4Signer.unsignedPayload }
        guard let body = operation.body else { return SigV4Signer.emptyPayloadHash }
        if operation.bulkBody, !configuration.payloadSigning.signsPayload(scheme: endpoint.scheme) {
            return SigV4Signer.unsignedPayload
        }
        return Self.sha256Hex(body)
    }

    func attemptTimeout(for operation: Operation) -> TimeAmount {
        let rate = operation.streamedBody == nil ? minimumUploadRate : minimumStreamedUploadRate
        return timeout + .seconds(operation.bodyLength / Int64(max(1, rate)))
    }

    /// Sleeps before the next attempt and counts it; `false` when the attempts or the total time are used up.
    func pauseBeforeRetry(_ operation: Operation, attempt: inout Int, since start: NIODeadline, reason: String) async throws -> Bool {
        guard attempt < retryPolicy.maximumAttempts else { return false }
        let delay = retryPolicy.delay(beforeRetry: attempt)
        let spent = Double((NIODeadline.now() - start).nanoseconds) / 1e9
        guard spent + delay < retryPolicy.maximumTotalTime else { return false }
        logger.debug(
            "s3 retry",
            metadata: [
                "s3_operation": "\(operation.name)", "attempt": "\(attempt)", "reason": "\(reason)",
                "delay_ms": "\(Int(delay * 1000))",
            ])
        metrics.retry(operation.name, reason: reason)
        try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        attempt += 1
        return true
    }

    /// One debug line per attempt: no headers, so neither signatures nor tokens reach the log.
    private func log(_ operation: Operation, attempt: Int, status: String, elapsed: TimeAmount, extra: Logger.Metadata) {
        guard logger.logLevel <= .debug else { return }
        var metadata: Logger.Metadata = [
            "s3_operation": "\(operation.name)", "s3_method": "\(operation.method.rawValue)",
            "s3_bucket": "\(operation.bucket ?? "")", "s3_key": "\(operation.key ?? "")", "s3_status": "\(status)",
            "s3_attempt": "\(attempt)", "s3_duration_ms": "\(elapsed.nanoseconds / 1_000_000)",
            "s3_bytes_sent": "\(operation.body?.readableBytes ?? 0)",
        ]
        metadata.merge(extra) { _, new in new }
        logger.debug("s3 request", metadata: metadata)
    }
}
