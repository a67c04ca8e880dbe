extension ServiceSettings {
    static let jobs: [AnySetting] = [
        workers.erased, jobMaxAttempts.erased, jobVisibilityTimeoutSeconds.erased, jobPollIntervalSeconds.erased,
        jobRetryBaseSeconds.erased, jobRetryMaxSeconds.erased, jobRetentionSeconds.erased, jobTestDelayMilliseconds.erased,
    ]

    public static let workers = Setting<Int>(
        "WORKERS", "job worker loops in `serve` (0 = none) and in `worker` (at least 1)", default: 2, shown: "`2`",
        placeholder: "count", parse: SettingParsers.integer)

    public static let jobMaxAttempts = Setting<Int>(
        "JOB_MAX_ATTEMPTS", "attempts of a processing job before the upload ends `error`", default: 5, shown: "`5`",
        placeholder: "count", parse: SettingParsers.integer)

    public static let jobVisibilityTimeoutSeconds = Setting<Double>(
        "JOB_VISIBILITY_TIMEOUT_SECONDS", "a dead worker's job runs again after this (a live worker keeps extending it)",
        default: 30, shown: "`30`", placeholder: "seconds", parse: SettingParsers.seconds)

    public static let jobPollIntervalSeconds = Setting<Double>(
        "JOB_POLL_INTERVAL_SECONDS", "idle wait when no NOTIFY arrives (delayed retries)", default: 5, shown: "`5`",
        placeholder: "seconds", parse: SettingParsers.seconds)

    public static let jobRetryBaseSeconds = Setting<Double>(
        "JOB_RETRY_BASE_SECONDS", "retry backoff `base·2^(attempt-1)`, ±20 %", default: 2, shown: "`2`", placeholder: "seconds",
        parse: SettingParsers.seconds)

    public static let jobRetryMaxSeconds = Setting<Double>(
        "JOB_RETRY_MAX_SECONDS", "longest retry backoff", default: 300, shown: "`300`", placeholder: "seconds",
        parse: SettingParsers.seconds)

    public static let jobRetentionSeconds = Setting<Double>(
        "JOB_RETENTION_SECONDS", "the reaper deletes done jobs finished longer ago than this (failed ones stay)",
        default: 7 * 86_400, shown: "`604800` (7 days)", placeholder: "seconds", parse: SettingParsers.seconds)

    public static let jobTestDelayMilliseconds = Setting<Int>(
        "JOB_TEST_DELAY_MS", "tests only: sleep inside each processing job", default: 0, shown: "`0`", placeholder: "ms",
        parse: SettingParsers.integer)
}
