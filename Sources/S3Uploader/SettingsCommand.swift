import ArgumentParser
import Foundation
import Settings

/// `s3uploader settings`: what the settings are, from their declarations, and what this environment sets
/// them to.
struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Print every setting as serve would read it (secrets redacted), or the README's table of them.",
        discussion: "The flags, environment variables and settings file that serve accepts are listed by `s3uploader serve --help`."
    )

    @Flag(help: "Print the README's configuration table (Markdown) instead.") var markdown = false
    @Option(help: "Rewrite the configuration table in this README file.") var updateReadme: String?
    @Argument(parsing: .allUnrecognized, help: .hidden) var settingFlags: [String] = []

    func run() async throws {
        if let path = updateReadme {
            let readme = try String(contentsOfFile: path, encoding: .utf8)
            guard let updated = SettingsDocumentation.readme(readme) else {
                throw ValidationError("\(path) has no settings table markers (\(SettingsDocumentation.tableStart))")
            }
            try updated.write(toFile: path, atomically: true, encoding: .utf8)
        } else if markdown {
            print(SettingsDocumentation.markdownTable())
        } else {
            print(try await SettingValues.forCommand(ServiceSettings.serve, flags: settingFlags).described(ServiceSettings.serve))
        }
    }
}
