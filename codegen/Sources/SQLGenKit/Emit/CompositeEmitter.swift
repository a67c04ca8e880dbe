/// A composite type (`CREATE TYPE money_amount AS (currency text, cents bigint)`) as a Swift struct:
/// decoded from PostgreSQL's binary record format (`CompositeFields`), bound and copied as a row
/// literal without a type OID (`CompositeLiteral`), so the server reads it as the composite type.
enum CompositeEmitter {
    static func emit(_ type: CompositeType, options: EmitOptions, into writer: inout SwiftWriter) {
        let name = options.naming.enumType(type.name)
        let access = options.accessPrefix
        let fields = type.fields.map { field in
            (field, options.naming.member(field.name, table: type.name), options.types.swiftType(for: field.type, notNull: false))
        }
        writer.line("/// The `\(type.name)` composite type.")
        ModelsEmitter.structure(
            name: name, fields: fields.map { ModelsEmitter.Field(name: $0.1, type: $0.2) }, options: options,
            rowDecoder: false, into: &writer)
        writer.line()
        writer.block("extension \(name): PostgresNonThrowingEncodable, PostgresDecodable, CopyTextField") { writer in
            writer.line("/// Sent as a row literal without a type, so the server reads it as `\(type.name)`.")
            writer.line("\(access)static var psqlType: PostgresDataType { PostgresDataType(0) }")
            writer.line("\(access)static var psqlFormat: PostgresFormat { .text }")
            writer.line()
            writer.block(
                "\(access)func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>)"
            ) { writer in
                writer.line("buffer.writeString(copyText)")
            }
            writer.line()
            writer.line("/// `(\"USD\",\"125\")`: each field quoted, NULL empty.")
            writer.block("\(access)var copyText: String") { writer in
                let texts = fields.map { field, member, swiftType -> String in
                    let value = member.hasPrefix("`") ? String(member.dropFirst().dropLast()) : member
                    let base = options.types.catalog.baseType(field.type).name
                    if base == "date" || base == "timestamp" { return "\(value).map(CopyDateColumn.\(base).text)" }
                    if options.types.catalog.enumType(named: field.type.name) != nil { return "\(value)?.rawValue" }
                    return "\(value)?.copyText"
                }
                writer.line("CompositeLiteral.text([\(texts.joined(separator: ", "))])")
            }
            writer.line()
            writer.block(
                "\(access)init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>) throws"
            ) { writer in
                writer.line("var fields = try CompositeFields(&buffer, format: format, count: \(fields.count))")
                for (_, member, swiftType) in fields {
                    let value = member.hasPrefix("`") ? String(member.dropFirst().dropLast()) : member
                    writer.line("self.\(value) = try fields.next(\(swiftType).self, context: context)")
                }
            }
        }
    }
}
