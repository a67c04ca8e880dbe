import ArgumentParser
import Logging
import Settings

extension SettingValues {
    /// A command's settings from its flags, the environment and the settings file; problems are reported
    /// like ArgumentParser's own (message, then usage).
    static func forCommand(_ settings: [AnySetting], flags: [String]) async throws -> SettingValues {
        do {
            let sources = try await SettingSources.process(commandLine: try SettingFlags.parse(flags, settings: settings))
            return try SettingValues(reading: settings, from: sources)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

extension Logger {
    /// Unknown levels mean `info`.
    static func service(level: String) -> Logger {
        var logger = Logger(label: "s3uploader")
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }
}
