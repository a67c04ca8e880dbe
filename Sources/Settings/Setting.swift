import Configuration
import Foundation

/// One setting, declared once: its environment variable, what it means, its default, and how its text
/// becomes a value (refusing text that can't be used). The command-line flag, the configuration key, the
/// `--help` line and the README row are all derived from this declaration.
public struct Setting<Value: Sendable>: Sendable {
    /// The environment variable, e.g. `UPLOAD_PART_BYTES`; also the name in a settings file.
    public let name: String
    /// What it means, one or two sentences (README table and `--help`).
    public let summary: String
    /// The default as the README shows it, e.g. `8388608`, `unset`, `required`.
    public let shownDefault: String
    /// What the flag takes, for `--help`: `<bytes>`, `<seconds>`, `<url>`…
    public let placeholder: String
    /// Never printed (help shows no value; `settings` prints `<redacted>`).
    public let isSecret: Bool
    /// Leading and trailing blanks belong to the value (secrets used as raw bytes).
    let keepsBlanks: Bool
    let fallback: Value
    let parse: @Sendable (String) throws -> Value

    public init(
        _ name: String, _ summary: String, default fallback: Value, shown shownDefault: String,
        placeholder: String = "value", secret: Bool = false, keepsBlanks: Bool = false,
        parse: @escaping @Sendable (String) throws -> Value
    ) {
        self.name = name
        self.summary = summary
        self.fallback = fallback
        self.shownDefault = shownDefault
        self.placeholder = placeholder
        self.isSecret = secret
        self.keepsBlanks = keepsBlanks
        self.parse = parse
    }

    /// `--upload-part-bytes` for `UPLOAD_PART_BYTES`: the same words, so both spellings are guessable.
    public var flag: String { "--" + name.lowercased().replacingOccurrences(of: "_", with: "-") }

    /// The key under which the sources are asked; the environment provider spells it back as `name`.
    var key: ConfigKey { ConfigKey(name.lowercased().split(separator: "_").map(String.init)) }

    /// The value for a text (`nil` or blank = unset, so the default).
    func value(from text: String?) throws -> Value {
        let text = keepsBlanks ? text : text?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let text, !text.isEmpty else { return fallback }
        do {
            return try parse(text)
        } catch let refusal as SettingRefusal {
            throw ConfigurationError.invalid(name, reason: refusal.reason)
        }
    }

    public var erased: AnySetting { AnySetting(self) }
}

/// A setting whatever its value type: what lists of settings, documentation and reading work with.
public struct AnySetting: Sendable {
    public let name: String
    public let summary: String
    public let shownDefault: String
    public let placeholder: String
    public let isSecret: Bool
    public let flag: String
    let key: ConfigKey
    let read: @Sendable (String?) throws -> any Sendable

    init<Value>(_ setting: Setting<Value>) {
        name = setting.name
        summary = setting.summary
        shownDefault = setting.shownDefault
        placeholder = setting.placeholder
        isSecret = setting.isSecret
        flag = setting.flag
        key = setting.key
        read = { try setting.value(from: $0) }
    }
}
