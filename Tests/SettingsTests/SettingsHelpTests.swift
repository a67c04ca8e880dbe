import Settings
import Testing

@Suite("Flags and --help from the declarations")
struct SettingsHelpTests {
    @Test(arguments: [("serve", ServiceSettings.serve), ("worker", ServiceSettings.worker), ("migrate", ServiceSettings.migrate)])
    func helpListsAFlagForEverySetting(command: String, settings: [AnySetting]) {
        let help = SettingsDocumentation.help(settings)
        for setting in settings {
            #expect(help.contains("  \(setting.flag) <"), "\(command) --help lacks \(setting.flag)")
            #expect(help.contains("\(setting.name):"), "\(command) --help lacks \(setting.name)")
        }
    }

    @Test func flagsSpellTheVariablesWords() {
        #expect(ServiceSettings.jwtJWKSURL.flag == "--jwt-jwks-url")
        #expect(ServiceSettings.s3EndpointURL.flag == "--s3-endpoint-url")
        for setting in ServiceSettings.all {
            #expect(setting.flag == "--" + setting.name.lowercased().replacingOccurrences(of: "_", with: "-"))
        }
    }

    @Test func helpLinesFitTheTerminal() {
        for line in SettingsDocumentation.help(ServiceSettings.all).split(separator: "\n") {
            #expect(line.count <= 78 || !line.contains(" "), "\(line)")
        }
    }
}
