extension ServiceSettings {
    static let webhooks: [AnySetting] = [webhookURL.erased, webhookSecret.erased, webhookMaxAttempts.erased, webhookTimeoutSeconds.erased]

    public static let webhookURL = Setting<String?>(
        "WEBHOOK_URL", "where final statuses (`completed`, `error`) are POSTed", default: nil, shown: "unset", placeholder: "url"
    ) { text in
        _ = try SettingParsers.httpURL(text)
        return text
    }

    public static let webhookSecret = Setting<String?>(
        "WEBHOOK_SECRET", "HMAC-SHA256 key of webhook signatures (required with `WEBHOOK_URL` or `MAIN_SERVICE_CALLBACK_URL`)",
        default: nil, shown: "unset", placeholder: "secret", secret: true, parse: SettingParsers.text)

    public static let webhookMaxAttempts = Setting<Int>(
        "WEBHOOK_MAX_ATTEMPTS", "delivery attempts of one webhook", default: 8, shown: "`8`", placeholder: "count",
        parse: SettingParsers.integer)

    public static let webhookTimeoutSeconds = Setting<Double>(
        "WEBHOOK_TIMEOUT_SECONDS", "per-attempt timeout", default: 10, shown: "`10`", placeholder: "seconds",
        parse: SettingParsers.seconds)
}
