/// A setting that is missing or unusable; the message names the variable to fix.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    case missing(String, hint: String)
    case invalid(String, reason: String)

    public var description: String {
        switch self {
        case .missing(let name, let hint): "\(name) is required: \(hint)"
        case .invalid(let name, let reason): "\(name) \(reason)"
        }
    }
}

/// Why a setting's text can't be used, without the setting's name: reading adds it
/// (`ConfigurationError.invalid`).
public struct SettingRefusal: Error, Sendable {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}
