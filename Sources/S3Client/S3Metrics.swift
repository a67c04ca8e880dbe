import Metrics

/// swift-metrics instruments, all with an `operation` dimension (`PutObject`, `UploadPart`, ...):
/// `s3_requests_total` (+ `status`: the HTTP status or `error`), `s3_retries_total` (+ `reason`),
/// `s3_bytes_sent_total`, `s3_bytes_received_total` (response `Content-Length`) and
/// `s3_request_duration_seconds` (a timer per attempt).
struct S3Metrics {
    /// `nil`: the process-wide `MetricsSystem.factory`, looked up at each use.
    var factory: (any MetricsFactory)?

    private var resolved: any MetricsFactory { factory ?? MetricsSystem.factory }

    func request(_ operation: String, status: String, nanoseconds: Int64) {
        Counter(label: "s3_requests_total", dimensions: [("operation", operation), ("status", status)], factory: resolved)
            .increment()
        Timer(
            label: "s3_request_duration_seconds", dimensions: [("operation", operation)], preferredDisplayUnit: .seconds,
            factory: resolved
        ).recordNanoseconds(nanoseconds)
    }

    func retry(_ operation: String, reason: String) {
        Counter(label: "s3_retries_total", dimensions: [("operation", operation), ("reason", reason)], factory: resolved)
            .increment()
    }

    func bytes(_ operation: String, sent: Int, received: Int) {
        if sent > 0 {
            Counter(label: "s3_bytes_sent_total", dimensions: [("operation", operation)], factory: resolved).increment(by: sent)
        }
        if received > 0 {
            Counter(label: "s3_bytes_received_total", dimensions: [("operation", operation)], factory: resolved)
                .increment(by: received)
        }
    }
}
