extension ServiceSettings {
    static let reaper: [AnySetting] = [
        reaperIntervalSeconds.erased, reaperStaleUploadingSeconds.erased, reaperMultipartMaxAgeSeconds.erased,
    ]

    public static let reaperIntervalSeconds = Setting<Double>(
        "REAPER_INTERVAL_SECONDS",
        "reaper period: expired presigned and tus uploads, idle chunk sessions, abandoned streams and multipart uploads, old jobs",
        default: 300, shown: "`300`", placeholder: "seconds", parse: SettingParsers.seconds)

    public static let reaperStaleUploadingSeconds = Setting<Double>(
        "REAPER_STALE_UPLOADING_SECONDS", "an `uploading` row untouched this long belongs to a server that died mid-stream",
        default: 86_400, shown: "`86400`", placeholder: "seconds", parse: SettingParsers.seconds)

    public static let reaperMultipartMaxAgeSeconds = Setting<Double>(
        "REAPER_MULTIPART_MAX_AGE_SECONDS", "S3 multipart uploads older than this are aborted unless an unfinished upload owns them",
        default: 86_400, shown: "`86400`", placeholder: "seconds", parse: SettingParsers.seconds)
}
