import Foundation
import PackagePlugin

/// Generates a target's Swift from SQL on every build that touches it: runs `sqlgen generate` with the
/// target's `sqlgen.yaml` (one in the target's own folder, else the package's), declaring as inputs
/// the config and every .sql file its query set names, and as outputs one file per query file plus
/// Models.swift (and EmbeddedMigrations.swift, QueriesProtocol.swift when the set asks for them), so
/// SwiftPM reruns it when any of them changes. (The `SQLSources` target, whose folder is `sql/`, makes
/// SwiftPM notice added and deleted .sql files.)
///
/// The config is read by sqlgen's own code: `SQLGenKitShared/` holds symlinks to SQLGenKit's config
/// reader, .sql file search and output naming, which need nothing but Foundation. A plugin cannot
/// depend on a library target, and running sqlgen while SwiftPM plans would tie the plugin to when
/// SwiftPM builds its tools; compiling the same files means the plugin and sqlgen cannot disagree
/// about which query set, which files and which outputs a config means.
@main
struct SQLGenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let local = target.directoryURL.appending(path: "sqlgen.yaml")
        let config =
            FileManager.default.fileExists(atPath: local.path(percentEncoded: false))
            ? local : context.package.directoryURL.appending(path: "sqlgen.yaml")
        let configPath = config.path(percentEncoded: false)
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")

        let sets: [GeneratorConfig]
        let schemaFiles: [String]
        let queryFiles: [String]
        do {
            sets = try GeneratorConfig.loadSets(path: configPath)
            guard let set = sets.count == 1 ? sets.first : sets.first(where: { $0.output.module == target.name }) else {
                throw Diagnostic(
                    path: configPath, message: "no query set has output.module \(target.name), the target applying SQLGenPlugin")
            }
            let base = config.deletingLastPathComponent().path(percentEncoded: false)
            schemaFiles = try SQLFiles.find(set.schema, relativeTo: base)
            queryFiles = try SQLFiles.find(set.queries, relativeTo: base)
            var outputs = ["Models.swift"] + queryFiles.map { SwiftNames.queriesFileName(forQueryFile: $0) }
            if set.output.migrations { outputs.append("EmbeddedMigrations.swift") }
            if set.output.emitProtocol { outputs.append("QueriesProtocol.swift") }

            var arguments = ["generate", "--config", configPath, "--output", output.path(percentEncoded: false)]
            if sets.count > 1 { arguments += ["--module", target.name] }
            return [
                .buildCommand(
                    displayName:
                        "sqlgen: generating \(target.name) from \(queryFiles.count) query file(s) and \(schemaFiles.count) migration(s)",
                    executable: try context.tool(named: "sqlgen").url,
                    arguments: arguments,
                    inputFiles: [config] + (schemaFiles + queryFiles).map { URL(fileURLWithPath: $0) },
                    outputFiles: outputs.map { output.appending(path: $0) }
                )
            ]
        } catch {
            // As sqlgen prints it (`path:line:col: error: ...`), so editors link it to the file.
            PackagePlugin.Diagnostics.error("\(error)")
            throw error
        }
    }
}
