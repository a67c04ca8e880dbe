import Foundation
import Settings
import Testing

@Suite("The README's settings table")
struct ReadmeSettingsTableTests {
    static let readmeURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func matchesTheDeclarations() throws {
        let readme = try String(contentsOf: Self.readmeURL, encoding: .utf8)
        let table = try #require(SettingsDocumentation.table(inReadme: readme), "README.md lost the settings table markers")
        #expect(
            table == SettingsDocumentation.markdownTable(),
            "README.md's settings table differs from Sources/Settings: run `swift run s3uploader settings --update-readme README.md`")
    }

    @Test func listsEverySettingOnce() {
        let table = SettingsDocumentation.markdownTable()
        for setting in ServiceSettings.all {
            #expect(table.components(separatedBy: "| `\(setting.name)` |").count == 2, "\(setting.name)")
        }
        #expect(Set(ServiceSettings.all.map(\.name)).count == ServiceSettings.all.count)
    }
}
