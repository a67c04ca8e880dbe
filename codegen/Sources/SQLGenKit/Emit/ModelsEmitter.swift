/// `Models.swift`: a String-backed enum per enum type, a struct per composite type and per table.
public enum ModelsEmitter {
    public static func emit(_ catalog: Catalog, options: EmitOptions) -> OutputFile {
        var writer = SwiftWriter()
        writer.line(OutputFile.marker)
        writer.line("// Tables and enum types of the schema.")
        writer.line()
        for line in options.importLines(["Foundation", "PostgresNIO"]) { writer.line(line) }
        for type in catalog.enums {
            writer.line()
            enumeration(type, options: options, into: &writer)
        }
        if !catalog.enums.isEmpty {
            writer.line()
            enumArrayBinding(into: &writer)
        }
        for type in catalog.composites
        where options.types.isSupported(SQLType(type.name), column: nil)
            && !options.types.overrides.contains(where: { $0.databaseType == type.name })
        {
            writer.line()
            CompositeEmitter.emit(type, options: options, into: &writer)
        }
        for table in catalog.tables {
            writer.line()
            model(table, options: options, into: &writer)
        }
        return OutputFile(name: "Models.swift", content: writer.text)
    }

    static func enumeration(_ type: EnumType, options: EmitOptions, into writer: inout SwiftWriter) {
        let name = options.naming.enumType(type.name)
        let access = options.accessPrefix
        writer.line("/// The `\(type.name)` enum type.")
        writer.block("\(access)enum \(name): String, \(options.structConformances), CaseIterable") { writer in
            let cases = NamingRules.unique(type.values.map { SwiftNames.memberName($0) })
            for (value, caseName) in zip(type.values, cases) {
                let bare = caseName.hasPrefix("`") ? String(caseName.dropFirst().dropLast()) : caseName
                writer.line(bare == value ? "case \(caseName)" : "case \(caseName) = \(swiftStringLiteral(value))")
            }
        }
        writer.line()
        writer.block("extension \(name): PostgresNonThrowingEncodable, PostgresArrayDecodable") { writer in
            writer.line("/// Sent without a type, so the server reads the value as `\(type.name)`.")
            writer.line("\(access)static var psqlType: PostgresDataType { PostgresDataType(0) }")
            writer.line("\(access)static var psqlFormat: PostgresFormat { .text }")
            writer.line()
            writer.block(
                "\(access)func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>)"
            ) { writer in
                writer.line("buffer.writeString(rawValue)")
            }
            writer.line()
            writer.block(
                "\(access)init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>) throws"
            ) { writer in
                writer.block(
                    "guard let text = buffer.readString(length: buffer.readableBytes), let value = Self(rawValue: text) else", closing: "}"
                ) { writer in
                    writer.line("throw PostgresDecodingError.Code.failure")
                }
                writer.line("self = value")
            }
        }
    }

    /// Arrays of enums as parameters: PostgreSQL's binary array format names the element type's OID,
    /// which is not known before run time, so they go as a text literal without a type.
    static func enumArrayBinding(into writer: inout SwiftWriter) {
        writer.line("/// An array of enum values bound as a text literal without a type, so the server reads it as the")
        writer.line("/// enum's array type (the binary array format would need the enum type's OID).")
        writer.block(
            "struct PostgresEnumArray<Element: RawRepresentable & Sendable>: PostgresNonThrowingEncodable where Element.RawValue == String"
        ) { writer in
            writer.line("var elements: [Element]")
            writer.line()
            writer.line("static var psqlType: PostgresDataType { PostgresDataType(0) }")
            writer.line("static var psqlFormat: PostgresFormat { .text }")
            writer.line()
            writer.block(
                "func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>)"
            ) { writer in
                writer.line("let quoted = elements.map { element in")
                writer.indented { writer in
                    writer.line(
                        #"let escaped = element.rawValue.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")"#
                    )
                    writer.line(#"return "\"" + escaped + "\"""#)
                }
                writer.line("}")
                writer.line(#"buffer.writeString("{" + quoted.joined(separator: ",") + "}")"#)
            }
        }
    }

    static func model(_ table: Table, options: EmitOptions, into writer: inout SwiftWriter) {
        let name = options.naming.model(table.name)
        let fields = table.columns.map { column in
            Field(
                name: options.naming.member(column.name, table: table.name),
                type: options.types.swiftType(for: column.type, notNull: column.notNull, column: "\(table.name).\(column.name)"))
        }
        writer.line("/// A row of \(table.isView ? "the view " : "")`\(table.name)`.")
        structure(name: name, fields: fields, options: options, embeddable: true, into: &writer)
    }

    struct Field {
        var name: String
        var type: String
        /// For a `sqlc.embed` field: how many columns the embedded model reads; 0 for a plain column.
        var embeddedColumns = 0
        /// An embedded model that is nil when all its columns are NULL (outer join).
        var optionalEmbed = false
    }

    /// A Codable struct with a memberwise public initializer and a decoder from a row (columns in order).
    static func structure(
        name: String, fields: [Field], options: EmitOptions, embeddable: Bool = false, rowDecoder: Bool = true,
        into writer: inout SwiftWriter
    ) {
        let access = options.accessPrefix
        let names = NamingRules.unique(fields.map(\.name))
        writer.block("\(access)struct \(name): \(options.structConformances)") { writer in
            for (field, fieldName) in zip(fields, names) {
                writer.line("\(access)var \(fieldName): \(field.type)")
            }
            writer.line()
            let parameters = zip(fields, names).map { "\($1): \($0.type)" }.joined(separator: ", ")
            writer.block("\(access)init(\(parameters))") { writer in
                for fieldName in names {
                    let bare = fieldName.hasPrefix("`") ? String(fieldName.dropFirst().dropLast()) : fieldName
                    writer.line("self.\(bare) = \(fieldName)")
                }
            }
        }
        guard rowDecoder else { return }
        writer.line()
        writer.block("extension \(name)") { writer in
            if embeddable {
                writer.line("/// Decodes a row whose columns are this struct's fields, in order.")
                writer.block("init(row: PostgresRow) throws") { writer in
                    writer.line("try self.init(cells: row.makeRandomAccess(), from: 0)")
                }
                writer.line()
                writer.line("/// Decodes the cells of such a row (a pipelined batch's, for one).")
                writer.block("init(cells: some RowCells) throws") { writer in
                    writer.line("try self.init(cells: cells, from: 0)")
                }
                writer.line()
                writer.line("/// Decodes this struct's fields from the columns starting at `offset` (for embedding).")
                writer.block("init(cells: some RowCells, from offset: Int) throws") { writer in
                    initializerCall(fields: fields, names: names, offset: "offset", into: &writer)
                }
            } else {
                writer.line("/// Decodes a row whose columns are this struct's fields, in order.")
                writer.block("init(row: PostgresRow) throws") { writer in
                    writer.line("try self.init(cells: row.makeRandomAccess())")
                }
                writer.line()
                writer.line("/// Decodes the cells of such a row (a pipelined batch's, for one).")
                writer.block("init(cells: some RowCells) throws") { writer in
                    initializerCall(fields: fields, names: names, offset: nil, into: &writer)
                }
            }
        }
    }

    /// `self.init(field: try cells[i].decode(T.self), ...)`, embedded models reading their columns.
    private static func initializerCall(fields: [Field], names: [String], offset: String?, into writer: inout SwiftWriter) {
        writer.line("self.init(")
        writer.indented { writer in
            var column = 0
            for (index, (field, fieldName)) in zip(fields, names).enumerated() {
                let bare = fieldName.hasPrefix("`") ? String(fieldName.dropFirst().dropLast()) : fieldName
                let comma = index == fields.count - 1 ? "" : ","
                let position = offset.map { column == 0 ? $0 : "\($0) + \(column)" } ?? "\(column)"
                if field.embeddedColumns > 0, field.optionalEmbed {
                    let model = String(field.type.dropLast())
                    let range =
                        "\(position)..<\(offset.map { "\($0) + \(column + field.embeddedColumns)" } ?? "\(column + field.embeddedColumns)")"
                    writer.line(
                        "\(bare): (\(range)).allSatisfy { cells[$0].bytes == nil } ? nil : try \(model)(cells: cells, from: \(position))\(comma)"
                    )
                    column += field.embeddedColumns
                } else if field.embeddedColumns > 0 {
                    writer.line("\(bare): try \(field.type)(cells: cells, from: \(position))\(comma)")
                    column += field.embeddedColumns
                } else {
                    writer.line("\(bare): try cells[\(position)].decode(\(field.type).self)\(comma)")
                    column += 1
                }
            }
        }
        writer.line(")")
    }
}
