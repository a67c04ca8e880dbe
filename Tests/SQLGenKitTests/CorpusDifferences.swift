import Foundation

/// How sqlgen's and sqlc's analyses of the corpus are compared, as lines
/// `set/Query field: sqlc=X sqlgen=Y` (the format of Tests/SQLGenCorpus/differences.txt).
extension CorpusAgreementTests {
    /// Lines of differences.txt without comments, each still carrying its `# reason`.
    static func listedLines() throws -> [String] {
        try String(contentsOfFile: corpus + "/differences.txt", encoding: .utf8)
            .split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    static func listedDifferences() throws -> Set<String> {
        Set(
            try listedLines().map { line in
                (line.components(separatedBy: "  #").first ?? line).trimmingCharacters(in: .whitespaces)
            })
    }

    static func differences(set: String, sqlc: SQLCAnalysis, ours: [String: SQLCAnalysis.Query]) -> Set<String> {
        var found = Set<String>()
        for (name, theirs) in sqlc.queries {
            guard let mine = ours[name] else { continue }
            let prefix = "\(set)/\(name)"
            if theirs.cmd != mine.cmd { found.insert("\(prefix) cmd: sqlc=\(theirs.cmd) sqlgen=\(mine.cmd)") }
            if theirs.params.count != mine.params.count {
                found.insert("\(prefix) params: sqlc=\(theirs.params.count) sqlgen=\(mine.params.count)")
            }
            for (number, param) in theirs.params.sorted(by: { $0.key < $1.key }) {
                // Named parameters are matched by name: sqlc numbers OFFSET before LIMIT, sqlgen in text order.
                let counterpart = mine.params.values.first { !param.name.isEmpty && $0.name == param.name } ?? mine.params[number]
                guard let counterpart else { continue }
                for (key, value) in param.fields {
                    let other = counterpart.value(key) ?? "-"
                    if key == "name", sameParameterName(sqlc: value, sqlgen: other) { continue }
                    if value != other {
                        found.insert(
                            "\(prefix) params[\(param.name.isEmpty ? "$\(number)" : param.name)].\(key): sqlc=\(value) sqlgen=\(other)")
                    }
                }
            }
            if theirs.columns.count != mine.columns.count {
                found.insert("\(prefix) columns: sqlc=\(theirs.columns.count) sqlgen=\(mine.columns.count)")
                continue
            }
            for (index, (column, counterpart)) in zip(theirs.columns, mine.columns).enumerated() {
                for (key, value) in column.fields where value != (counterpart.value(key) ?? "-") {
                    found.insert("\(prefix) columns[\(index)].\(key): sqlc=\(value) sqlgen=\(counterpart.value(key) ?? "-")")
                }
            }
        }
        return found
    }

    /// sqlc leaves unnamed parameters nameless (its Go output says `Column1`) and repeats a name that
    /// sqlgen suffixes (`karma`, `karma_2`): both are naming, not analysis.
    static func sameParameterName(sqlc: String, sqlgen: String) -> Bool {
        if sqlc.isEmpty || sqlc == sqlgen { return true }
        guard sqlgen.hasPrefix(sqlc + "_") else { return false }
        return Int(sqlgen.dropFirst(sqlc.count + 1)) != nil
    }
}
