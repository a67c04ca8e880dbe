extension ServiceSettings {
    static let resumableUploads: [AnySetting] = [
        tusUploadExpiresSeconds.erased, chunkedSessionExpiresSeconds.erased, mainServiceCallbackURL.erased,
    ]

    public static let tusUploadExpiresSeconds = Setting<Int>(
        "TUS_UPLOAD_EXPIRES_SECONDS", "an unfinished tus upload expires this long after its creation or last PATCH",
        default: 86_400, shown: "`86400`", placeholder: "seconds", parse: SettingParsers.positiveInteger)

    /// Read by the chunk API (session expiry) and by the reaper (removes idle sessions; a session touched
    /// within it still owns its multipart upload): one value, one rule.
    public static let chunkedSessionExpiresSeconds = Setting<Int>(
        "CHUNKED_SESSION_EXPIRES_SECONDS", "a chunk session never completed is removed (with its chunks) this long after its last chunk",
        default: 86_400, shown: "`86400`", placeholder: "seconds", parse: SettingParsers.positiveInteger)

    public static let mainServiceCallbackURL = Setting<String?>(
        "MAIN_SERVICE_CALLBACK_URL", "completed chunked uploads are announced here, signed with `WEBHOOK_SECRET`", default: nil,
        shown: "unset", placeholder: "url"
    ) { text in
        _ = try SettingParsers.httpURL(text)
        return text
    }
}
