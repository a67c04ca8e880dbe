import Foundation
import SQLGenKit

/// The folder generated files go to: unchanged files are left alone (their timestamps too, so
/// nothing recompiles), files sqlgen wrote earlier but no longer produces are deleted.
struct OutputFolder {
    var path: String

    func write(_ files: [OutputFile]) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        let names = Set(files.map(\.name))
        for existing in try manager.contentsOfDirectory(atPath: path) where existing.hasSuffix(".swift") && !names.contains(existing) {
            let full = path + "/" + existing
            if let text = try? String(contentsOfFile: full, encoding: .utf8), text.hasPrefix(OutputFile.marker) {
                try manager.removeItem(atPath: full)
            }
        }
        for file in files {
            let full = path + "/" + file.name
            if let current = manager.contents(atPath: full), current == Data(file.content.utf8) { continue }
            try Data(file.content.utf8).write(to: URL(fileURLWithPath: full), options: .atomic)
        }
    }
}
