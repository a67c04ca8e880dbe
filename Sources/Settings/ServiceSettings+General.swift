import Middleware

extension ServiceSettings {
    static let general: [AnySetting] = [
        settingsFile.erased, host.erased, port.erased, databaseURL.erased, logLevel.erased, crossOriginOrigins.erased,
    ]

    /// Read from the command line and the environment only: it names where the other settings come from.
    public static let settingsFile = Setting<String?>(
        "SETTINGS_FILE",
        "a file of `NAME=value` lines (the names below; `#` starts a comment, no quoting) read after the environment: a flag wins over the variable, the variable over the file",
        default: nil, shown: "none", placeholder: "path", parse: SettingParsers.text)

    public static let host = Setting<String>(
        "HOST", "listen address", default: "127.0.0.1", shown: "`127.0.0.1`", placeholder: "address", parse: { $0 })

    public static let port = Setting<Int>(
        "PORT", "listen port", default: 8080, shown: "`8080`", placeholder: "port", parse: SettingParsers.integer)

    public static let databaseURL = Setting<String?>(
        "DATABASE_URL",
        "`postgres://user:pass@host:port/db?sslmode=disable|require` (unix socket: `?host=/dir`)",
        default: nil, shown: "required (`make run` starts one)", placeholder: "url", secret: true, parse: SettingParsers.text)

    /// Unknown levels mean `info`, as they always have: a typo in the level must not stop the service.
    public static let logLevel = Setting<String>(
        "LOG_LEVEL", "`trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`",
        default: "info", shown: "`info`", placeholder: "level", parse: { $0.lowercased() })

    public static let crossOriginOrigins = Setting<CrossOriginPolicy?>(
        "CORS_ALLOWED_ORIGINS",
        "browser origins allowed to call the API (tus-js-client, Uppy): comma-separated `scheme://host[:port]`, or `*` for any. Preflights are answered before authentication; real responses expose the tus headers, `Location`, `Content-Range`, `Content-Disposition`, `ETag`, `X-Request-ID`. Tokens go in `Authorization`, so no credentials mode",
        default: nil, shown: "unset = no CORS headers", placeholder: "origins"
    ) { text in
        do {
            return try CrossOriginPolicy(allowedOriginsList: text)
        } catch let error as CrossOriginPolicyError {
            throw SettingRefusal(error.description)
        }
    }
}
