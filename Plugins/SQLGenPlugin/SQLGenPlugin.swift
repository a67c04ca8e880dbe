import Foundation
import PackagePlugin

/// Generates the Database module's Swift from SQL on every build: runs `sqlgen generate` with
/// `sqlgen.yaml`, every .sql file under sql/schema and sql/queries as inputs, and declares one output
/// per query file plus Models.swift and EmbeddedMigrations.swift, so SwiftPM reruns it when any of
/// them changes. (The `SQLSources` target, whose folder is `sql/`, makes SwiftPM notice added and
/// deleted .sql files.)
///
/// The plugin passes the folders explicitly (`--schema sql/schema --queries sql/queries`), so it
/// knows its outputs without reading the YAML; the rest of sqlgen.yaml (types, renames, access) applies.
@main
struct SQLGenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        // The target's folder: the shallowest folder holding one of its sources.
        let folders = (target as? SourceModuleTarget)?.sourceFiles.map { $0.url.deletingLastPathComponent() } ?? []
        if let folder = folders.min(by: { $0.path(percentEncoded: false).count < $1.path(percentEncoded: false).count }),
           case let local = folder.appending(path: "sqlgen.yaml"),
           FileManager.default.fileExists(atPath: local.path(percentEncoded: false)) {
            return try targetConfigCommand(context: context, target: target, config: local)
        }
        let root = context.package.directoryURL
        let schema = root.appending(path: "sql/schema")
        let queries = root.appending(path: "sql/queries")
        let config = root.appending(path: "sqlgen.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")

        let schemaFiles = sqlFiles(in: schema)
        let queryFiles = sqlFiles(in: queries)
        var outputs = [output.appending(path: "Models.swift"), output.appending(path: "EmbeddedMigrations.swift")]
        outputs += queryFiles.map { output.appending(path: queriesFileName(forQueryFile: $0.lastPathComponent)) }

        var arguments = ["generate", "--output", output.path(percentEncoded: false),
                         "--schema", schema.path(percentEncoded: false), "--queries", queries.path(percentEncoded: false)]
        var inputs = schemaFiles + queryFiles
        if FileManager.default.fileExists(atPath: config.path(percentEncoded: false)) {
            arguments += ["--config", config.path(percentEncoded: false)]
            inputs.append(config)
            var text = (try? String(contentsOf: config, encoding: .utf8)) ?? ""
            if let set = querySet(text, module: target.name) {
                arguments += ["--module", target.name]
                text = set
            }
            if text.contains("protocol: true") {
                outputs.append(output.appending(path: "QueriesProtocol.swift"))
            }
        }
        return [.buildCommand(
            displayName: "sqlgen: generating \(target.name) from \(queryFiles.count) query file(s) and \(schemaFiles.count) migration(s)",
            executable: try context.tool(named: "sqlgen").url,
            arguments: arguments,
            inputFiles: inputs,
            outputFiles: outputs
        )]
    }

    /// A target with its own `sqlgen.yaml` (e.g. a test target compiling a corpus): the folders listed
    /// under its `schema:` and `queries:` (relative to the file), and its output options.
    func targetConfigCommand(context: PluginContext, target: Target, config: URL) throws -> [Command] {
        var text = try String(contentsOf: config, encoding: .utf8)
        var arguments = ["generate", "--config", config.path(percentEncoded: false)]
        if let set = querySet(text, module: target.name) {
            arguments += ["--module", target.name]
            text = set
        }
        let folder = config.deletingLastPathComponent()
        let lists = simpleYAMLLists(text)
        let schemaFiles = (lists["schema"] ?? []).flatMap { sqlFiles(in: folder.appending(path: $0)) }
        let queryFiles = (lists["queries"] ?? []).flatMap { sqlFiles(in: folder.appending(path: $0)) }
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        var outputs = [output.appending(path: "Models.swift")]
        if !text.contains("migrations: false") { outputs.append(output.appending(path: "EmbeddedMigrations.swift")) }
        if text.contains("protocol: true") { outputs.append(output.appending(path: "QueriesProtocol.swift")) }
        outputs += queryFiles.map { output.appending(path: queriesFileName(forQueryFile: $0.lastPathComponent)) }
        return [.buildCommand(
            displayName: "sqlgen: generating \(target.name) from \(queryFiles.count) query file(s) (\(config.lastPathComponent))",
            executable: try context.tool(named: "sqlgen").url,
            arguments: arguments + ["--output", output.path(percentEncoded: false)],
            inputFiles: [config] + schemaFiles + queryFiles,
            outputFiles: outputs
        )]
    }

    /// The entry of a `sql:` query-set list whose `output.module` is `module`, de-indented so that its
    /// keys start their lines (nil when the config has no `sql:` list or no such set).
    func querySet(_ text: String, module: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("sql:") }) else { return nil }
        var entries: [[String]] = []
        var markerIndent: Int?
        for line in lines[(start + 1)...] {
            if let first = line.first, first != " ", first != "-", first != "#" { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix(while: { $0 == " " }).count
            if trimmed.hasPrefix("- "), indent <= (markerIndent ?? indent) {
                markerIndent = indent
                entries.append([line.replacingOccurrences(of: "- ", with: "  ", options: [], range: line.range(of: "- "))])
            } else if !entries.isEmpty {
                entries[entries.count - 1].append(line)
            }
        }
        for entry in entries {
            let indent = entry[0].prefix(while: { $0 == " " }).count
            let body = entry.map { String($0.dropFirst(min(indent, $0.prefix(while: { $0 == " " }).count))) }
            let names = body.compactMap { line -> String? in
                let content = line.trimmingCharacters(in: .whitespaces)
                guard content.hasPrefix("module:") else { return nil }
                return content.dropFirst("module:".count).split(separator: "#").first?.trimmingCharacters(in: .whitespaces)
            }
            let flowModule = body.first { $0.contains("module: \(module)}") || $0.contains("module: \(module),") } != nil
            if names.contains(module) || flowModule { return body.joined(separator: "\n") }
        }
        return nil
    }

    /// `key:` followed by `  - item` lines, or `key: [a, b]`, or `key: a` (the plugin cannot use a YAML library).
    func simpleYAMLLists(_ text: String) -> [String: [String]] {
        var lists: [String: [String]] = [:]
        var key: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if let first = content.first, first != " ", first != "-" {
                let parts = content.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                key = parts.count == 2 && parts[1].isEmpty ? parts[0] : nil
                if parts.count == 2, !parts[1].isEmpty, !parts[1].hasPrefix("{") {
                    let value = parts[1].hasPrefix("[") ? String(parts[1].dropFirst().dropLast()) : parts[1]
                    lists[parts[0]] = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                continue
            }
            let item = content.trimmingCharacters(in: .whitespaces)
            if let key, item.hasPrefix("- ") {
                lists[key, default: []].append(String(item.dropFirst(2)).trimmingCharacters(in: .whitespaces))
            }
        }
        return lists
    }

    /// Every .sql file below `folder`, sorted.
    func sqlFiles(in folder: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path(percentEncoded: false))
        let names = (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".sql") && !$0.hasSuffix(".down.sql") }.sorted()
        return names.map { folder.appending(path: $0) }
    }

    /// `uploadFile.sql` → `UploadFileQueries.swift`; must match `SwiftNames.queriesFileName` in SQLGenKit.
    func queriesFileName(forQueryFile name: String) -> String {
        let base = name.hasSuffix(".sql") ? String(name.dropLast(4)) : name
        var result = ""
        var capitalizeNext = true
        for character in base {
            guard character.isLetter || character.isNumber else {
                capitalizeNext = true
                continue
            }
            result += capitalizeNext ? character.uppercased() : String(character)
            capitalizeNext = false
        }
        return result + "Queries.swift"
    }
}
