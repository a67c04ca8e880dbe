import Foundation

/// Tuning of the job queue and its workers (the `JOB_*`, `REAPER_*` and `WEBHOOK_*` variables).
public struct JobSettings: Sendable {
    /// Worker loops in this process (`--workers`, `WORKERS`); each runs one job at a time.
    public var workers: Int
    /// How long a claimed job stays invisible to other workers; the holder extends it while it runs,
    /// so only a dead worker's job becomes visible again (`JOB_VISIBILITY_TIMEOUT_SECONDS`).
    public var visibilityTimeout: Double
    /// Longest idle wait between claims when no notification arrives (`JOB_POLL_INTERVAL_SECONDS`).
    public var pollInterval: Double
    public var backoff: RetryBackoff
    /// How often the reaper runs (`REAPER_INTERVAL_SECONDS`).
    public var reaperInterval: Double
    /// `uploading` rows untouched this long belong to a process that died (`REAPER_STALE_UPLOADING_SECONDS`).
    public var staleUploadingAge: Double
    /// Incomplete multipart uploads older than this are aborted (`REAPER_MULTIPART_MAX_AGE_SECONDS`).
    public var multipartMaxAge: Double
    /// A chunk session untouched this long no longer protects its multipart upload from that reaper
    /// (`CHUNKED_SESSION_EXPIRES_SECONDS`, the session's own expiry).
    public var chunkedSessionIdleAge: Double
    /// Done jobs are deleted after this long (`JOB_RETENTION_SECONDS`).
    public var doneJobRetention: Double
    /// `WEBHOOK_SECRET`: the HMAC-SHA256 key of outgoing webhooks.
    public var webhookSecret: String?
    /// Per-delivery timeout (`WEBHOOK_TIMEOUT_SECONDS`).
    public var webhookTimeout: Double
    /// Test only: sleep this long inside `process_upload` before copying (`JOB_TEST_DELAY_MS`), to
    /// kill a worker in the middle of a job.
    public var testDelayMilliseconds: Int

    public init(
        workers: Int = 2, visibilityTimeout: Double = 30, pollInterval: Double = 5,
        backoff: RetryBackoff = RetryBackoff(), reaperInterval: Double = 300, staleUploadingAge: Double = 86_400,
        multipartMaxAge: Double = 86_400, doneJobRetention: Double = 7 * 86_400, webhookSecret: String? = nil,
        webhookTimeout: Double = 10, testDelayMilliseconds: Int = 0, chunkedSessionIdleAge: Double = 86_400
    ) {
        self.workers = workers
        self.visibilityTimeout = visibilityTimeout
        self.pollInterval = pollInterval
        self.backoff = backoff
        self.reaperInterval = reaperInterval
        self.staleUploadingAge = staleUploadingAge
        self.multipartMaxAge = multipartMaxAge
        self.chunkedSessionIdleAge = chunkedSessionIdleAge
        self.doneJobRetention = doneJobRetention
        self.webhookSecret = webhookSecret
        self.webhookTimeout = webhookTimeout
        self.testDelayMilliseconds = testDelayMilliseconds
    }
}

/// Delay before attempt `n + 1` after attempt `n` failed: `base · 2^(n-1)`, at most `maximum`, ±20 % jitter.
public struct RetryBackoff: Sendable, Hashable {
    public var base: Double
    public var maximum: Double

    public init(base: Double = 2, maximum: Double = 300) {
        self.base = base
        self.maximum = maximum
    }

    public func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.8...1.2)) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        return min(base * pow(2, exponent), maximum) * jitter
    }
}
