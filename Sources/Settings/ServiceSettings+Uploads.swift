extension ServiceSettings {
    static let uploads: [AnySetting] = [
        maxUploadBytes.erased, uploadPartBytes.erased, uploadPartsInFlight.erased, uploadStreamedPartBytes.erased,
        uploadBufferBytes.erased,
    ]

    /// S3's smallest part (every part but the last).
    static let smallestPart = 5 * 1024 * 1024

    public static let maxUploadBytes = Setting<Int64>(
        "MAX_UPLOAD_BYTES", "largest accepted file (every upload flow)", default: 5 * 1024 * 1024 * 1024,
        shown: "`5368709120` (5 GiB)", placeholder: "bytes", parse: SettingParsers.byteCount)

    public static let uploadPartBytes = Setting<Int>(
        "UPLOAD_PART_BYTES", "multipart part size (≥ 5 MiB); smaller files go in one PutObject", default: 8 * 1024 * 1024,
        shown: "`8388608`", placeholder: "bytes"
    ) { text in
        let bytes = try SettingParsers.integer(text)
        guard bytes >= smallestPart else { throw SettingRefusal("must be at least 5 MiB (5242880), S3's smallest part") }
        return bytes
    }

    public static let uploadPartsInFlight = Setting<Int>(
        "UPLOAD_PARTS_IN_FLIGHT", "parts of one upload sent at once", default: 3, shown: "`3`", placeholder: "count",
        parse: SettingParsers.integer)

    public static let uploadStreamedPartBytes = Setting<Int>(
        "UPLOAD_STREAMED_PART_BYTES",
        "size of the parts sent while their bytes arrive, without part buffers, when object data goes unsigned (`S3_PAYLOAD_SIGNING=unsigned`, or `auto` over https) or to the local backend, and the request has a `Content-Length`; `0` = off (every part buffered)",
        default: 64 * 1024 * 1024, shown: "`67108864`", placeholder: "bytes"
    ) { text in
        let bytes = try SettingParsers.integer(text)
        guard bytes == 0 || bytes >= smallestPart else { throw SettingRefusal("must be 0 (off) or at least 5 MiB (5242880)") }
        return bytes
    }

    /// At least one part: checked against the part size when the upload settings are put together.
    public static let uploadBufferBytes = Setting<Int>(
        "UPLOAD_BUFFER_BYTES", "part buffers shared by all uploads; beyond it uploads wait", default: 256 * 1024 * 1024,
        shown: "`268435456`", placeholder: "bytes", parse: SettingParsers.integer)
}
