/// The settings' command-line flags: `--name value` or `--name=value`, one per setting (`Setting.flag`).
/// ArgumentParser only sees them as unrecognized arguments, so they are matched against the declarations
/// here; anything else is refused. swift-configuration's own `CommandLineArgumentsProvider` is not used:
/// it sits behind a package trait whose enabling rebuilds AsyncHTTPClient and all above it, and it takes
/// any `--flag`, where a typo must stop the command.
public enum SettingFlags {
    /// Flag values by setting name.
    public static func parse(_ arguments: [String], settings: [AnySetting]) throws -> [String: String] {
        let byFlag = Dictionary(uniqueKeysWithValues: settings.map { ($0.flag, $0) })
        var values: [String: String] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            let (flag, inline) =
                argument.firstIndex(of: "=").map {
                    (String(argument[..<$0]), Optional(String(argument[argument.index(after: $0)...])))
                } ?? (argument, nil)
            guard let setting = byFlag[flag] else { throw SettingFlagError.unknown(argument) }
            guard let value = inline ?? remaining.popFirst() else { throw SettingFlagError.missingValue(flag) }
            values[setting.name] = value
        }
        return values
    }
}

public enum SettingFlagError: Error, CustomStringConvertible, Equatable {
    case unknown(String)
    case missingValue(String)

    public var description: String {
        switch self {
        case .unknown(let argument): "Unknown option '\(argument)' (--help lists the settings' flags)"
        case .missingValue(let flag): "Missing value for '\(flag)'"
        }
    }
}
