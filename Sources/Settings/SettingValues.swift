import Foundation

/// The settings one command uses, read once at start from its sources and checked one by one; the
/// plain settings values of each module (`ServerConfiguration`, `TokenVerifierConfiguration`…) are
/// built from it.
public struct SettingValues: Sendable {
    private let values: [String: any Sendable]
    /// The AWS SDKs' own variables (`AWS_*`) and `HOME`, which S3's credentials chain and region fallback
    /// follow by convention; they are not this service's settings, so they are passed on as they are.
    public let awsEnvironment: [String: String]

    public init(reading settings: [AnySetting], from sources: SettingSources) throws {
        let reader = sources.reader()
        var values: [String: any Sendable] = [:]
        for setting in settings {
            values[setting.name] = try setting.read(reader.string(forKey: setting.key, isSecret: setting.isSecret))
        }
        self.values = values
        awsEnvironment = sources.environment.filter { $0.key.hasPrefix("AWS_") || $0.key == "HOME" }
    }

    /// Settings given as environment variables only (tests, tools).
    public init(reading settings: [AnySetting], environment: [String: String]) throws {
        try self.init(reading: settings, from: SettingSources(environment: environment))
    }

    public subscript<Value>(_ setting: Setting<Value>) -> Value {
        guard let value = values[setting.name] else {
            preconditionFailure("\(setting.name) is not among the settings this command reads (ServiceSettings)")
        }
        return value as! Value
    }

    /// `NAME=value` lines of what was read, secrets redacted.
    public func described(_ settings: [AnySetting]) -> String {
        settings.map { setting in
            let text = values[setting.name].map(Self.text) ?? ""
            return "\(setting.name)=" + (setting.isSecret && !text.isEmpty ? "<redacted>" : text)
        }.joined(separator: "\n")
    }

    private static func text(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first.map { text($0.value) } ?? "" }
        if let array = value as? [Any] { return array.map(text).joined(separator: ",") }
        if let raw = value as? any RawRepresentable { return "\(raw.rawValue)" }
        return "\(value)"
    }
}
