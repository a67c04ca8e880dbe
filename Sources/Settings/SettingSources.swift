import Configuration
import Foundation

/// Where settings come from, strongest first: command-line flags, the environment, the settings file
/// (`SETTINGS_FILE`); a setting found nowhere takes its declared default.
public struct SettingSources: Sendable {
    /// Flag values by setting name (`SettingFlags.parse`).
    public var commandLine: [String: String]
    public var environment: [String: String]
    var file: EnvironmentVariablesProvider?

    public init(commandLine: [String: String] = [:], environment: [String: String]) {
        self.commandLine = commandLine
        self.environment = environment
    }

    /// This process's sources: its environment, the given flags, and the settings file they name. The
    /// only place the service reads its environment.
    public static func process(commandLine: [String: String]) async throws -> SettingSources {
        var sources = SettingSources(commandLine: commandLine, environment: ProcessInfo.processInfo.environment)
        try await sources.loadFile()
        return sources
    }

    /// Loads the file `SETTINGS_FILE` names (from a flag or the environment; a file can't name another).
    public mutating func loadFile() async throws {
        let setting = ServiceSettings.settingsFile
        guard let path = try SettingValues(reading: [setting.erased], from: self)[setting] else { return }
        do {
            // The file uses the environment's names, so the environment's provider reads it.
            file = try await EnvironmentVariablesProvider(environmentFilePath: .init(path), secretsSpecifier: .specific(Self.secretNames))
        } catch {
            throw ConfigurationError.invalid(setting.name, reason: "\(path) cannot be read: \(error)")
        }
    }

    func reader() -> ConfigReader {
        let flags = Dictionary(
            uniqueKeysWithValues: commandLine.map { name, text in
                (
                    AbsoluteConfigKey(name.lowercased().split(separator: "_").map(String.init)),
                    ConfigValue(.string(text), isSecret: Self.secretNames.contains(name))
                )
            })
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "command line", values: flags),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(Self.secretNames)),
        ]
        if let file { providers.append(file) }
        return ConfigReader(providers: providers)
    }

    static let secretNames = Set(ServiceSettings.all.filter(\.isSecret).map(\.name))
}
