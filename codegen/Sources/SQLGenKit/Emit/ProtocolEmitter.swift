/// `QueriesProtocol.swift` (`output.protocol: true`): every generated query function as a protocol
/// requirement, and `Queries` conforming, so code that takes `some QueriesProtocol` can be unit-tested
/// with a fake.
enum ProtocolEmitter {
    static func emit(queryFiles: [OutputFile], options: EmitOptions) -> OutputFile {
        var writer = SwiftWriter()
        writer.line(OutputFile.marker)
        writer.line("// Every query as a protocol requirement, for test doubles.")
        writer.line()
        for line in options.importLines(["Foundation", "PostgresNIO"]) { writer.line(line) }
        writer.line()
        writer.line("/// What `Queries` offers; conform a fake to it in unit tests of code that runs queries.")
        writer.block("\(options.accessPrefix)protocol QueriesProtocol: Sendable") { writer in
            for file in queryFiles.sorted(by: { $0.name < $1.name }) {
                for line in file.content.split(separator: "\n") {
                    let text = line.trimmingCharacters(in: " ")
                    guard line.hasPrefix("    "), !line.hasPrefix("     "), let start = text.range(of: "func "),
                        text.hasSuffix(" {")
                    else { continue }
                    writer.line(String(text[start.lowerBound...].dropLast(2)))
                }
            }
        }
        writer.line()
        writer.line("extension Queries: QueriesProtocol {}")
        return OutputFile(name: "QueriesProtocol.swift", content: writer.text)
    }
}
