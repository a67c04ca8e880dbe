extension ServiceSettings {
    static let presignedUploads: [AnySetting] = [
        uploadAllowedExtensions.erased, presignExpiresSeconds.erased, confirmGraceSeconds.erased, publicBaseURL.erased,
        localUploadSigningSecret.erased, workerToken.erased,
    ]

    /// The raw items: the uploads module normalizes them (`.JPG` → `jpg`).
    public static let uploadAllowedExtensions = Setting<[String]?>(
        "UPLOAD_ALLOWED_EXTENSIONS", "allow-list for presigned uploads, e.g. `pdf,jpg,png`", default: nil, shown: "any",
        placeholder: "list", parse: { $0.split(separator: ",").map(String.init) })

    /// S3 refuses presigned URLs valid for more than 7 days.
    public static let presignExpiresSeconds = Setting<Int>(
        "PRESIGN_EXPIRES_SECONDS", "lifetime of presigned URLs and forms", default: 3600, shown: "`3600`", placeholder: "seconds"
    ) { text in
        let seconds = try SettingParsers.integer(text)
        guard (1...604_800).contains(seconds) else { throw SettingRefusal("must be between 1 and 604800 (7 days)") }
        return seconds
    }

    public static let confirmGraceSeconds = Setting<Int>(
        "CONFIRM_GRACE_SECONDS", "extra time after a presigned URL expires to confirm the upload, before the reaper expires it",
        default: 900, shown: "`900`", placeholder: "seconds", parse: SettingParsers.integer)

    public static let publicBaseURL = Setting<String?>(
        "PUBLIC_BASE_URL", "this server's URL as clients see it (local backend's `/objects` grants)", default: nil,
        shown: "`http://HOST:PORT`", placeholder: "url", parse: SettingParsers.text)

    public static let localUploadSigningSecret = Setting<String?>(
        "LOCAL_UPLOAD_SIGNING_SECRET", "key of `/objects` grants (needed when several servers share the disk)", default: nil,
        shown: "random per process", placeholder: "secret", secret: true, parse: SettingParsers.text)

    public static let workerToken = Setting<String?>(
        "WORKER_TOKEN", "bearer secret of `POST /update-status` (external workers; never a user token)", default: nil,
        shown: "unset = route disabled", placeholder: "secret", secret: true, parse: SettingParsers.text)
}
