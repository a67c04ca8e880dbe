import Foundation

/// The README's configuration table and the settings part of `--help`, both written from the
/// declarations so neither can fall behind them.
public enum SettingsDocumentation {
    /// Lines around the generated table in README.md.
    public static let tableStart =
        "<!-- settings table: generated from Sources/Settings by `s3uploader settings --update-readme README.md` -->"
    public static let tableEnd = "<!-- end of settings table -->"

    public static func markdownTable(_ settings: [AnySetting] = ServiceSettings.all) -> String {
        var lines = ["| variable | flag | meaning | default |", "|---|---|---|---|"]
        for setting in settings {
            let cells = ["`\(setting.name)`", "`\(setting.flag)`", setting.summary, setting.shownDefault]
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// `readme` with the text between the table markers replaced by the table; nil without the markers.
    public static func readme(_ readme: String, withTable table: String = markdownTable()) -> String? {
        guard let start = readme.range(of: tableStart), let end = readme.range(of: tableEnd, range: start.upperBound..<readme.endIndex)
        else { return nil }
        return readme[..<start.upperBound] + "\n" + table + "\n" + readme[end.lowerBound...]
    }

    /// The table currently between the markers.
    public static func table(inReadme readme: String) -> String? {
        guard let start = readme.range(of: tableStart), let end = readme.range(of: tableEnd, range: start.upperBound..<readme.endIndex)
        else { return nil }
        return readme[start.upperBound..<end.lowerBound].trimmingCharacters(in: .newlines)
    }

    /// One entry per setting, for a command's `--help`: the flag, then the variable, meaning and default.
    public static func help(_ settings: [AnySetting], width: Int = 78) -> String {
        var lines = [
            "SETTINGS: each flag overrides the environment variable of the same words,",
            "which overrides SETTINGS_FILE; a blank value means unset.",
        ]
        for setting in settings {
            lines.append("")
            lines.append("  \(setting.flag) <\(setting.placeholder)>")
            let text = "\(setting.name): \(setting.summary) (default: \(setting.shownDefault))".replacingOccurrences(of: "`", with: "")
            lines += wrapped(text, width: width - 6).map { "      " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
