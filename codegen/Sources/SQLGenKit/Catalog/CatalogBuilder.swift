/// Builds a ``Catalog`` by replaying schema files (migrations) in order.
///
/// Understood: CREATE TABLE, ALTER TABLE (ADD/DROP COLUMN, ALTER COLUMN TYPE, SET/DROP NOT NULL,
/// ADD PRIMARY KEY), RENAME of tables and columns, DROP TABLE, CREATE TYPE … AS ENUM,
/// ALTER TYPE … ADD VALUE, DROP TYPE. Other statements (indexes, functions, grants, …) are ignored.
/// goose `-- +goose Down` sections are skipped.
public struct CatalogBuilder {
    public private(set) var catalog = Catalog()
    public private(set) var diagnostics: [Diagnostic] = []
    /// The file being applied, for column origins.
    private var file: SourceFile?

    public init() {}

    /// Builds the catalog of `files`, in the order given.
    public static func build(_ files: [SourceFile]) -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        var builder = CatalogBuilder()
        for file in files { builder.apply(file) }
        return (builder.catalog, builder.diagnostics)
    }

    public mutating func apply(_ file: SourceFile) {
        self.file = file
        let up = GooseSections.upOnly(file.text)
        let statements: [PgQuery.Statement]
        do {
            statements = try PgQuery.parse(up)
        } catch {
            let (line, column) = file.position(ofCursor: error.cursor)
            diagnostics.append(Diagnostic(path: file.path, line: line, column: column, message: error.message))
            return
        }
        for statement in statements {
            do {
                try apply(statement.tree)
            } catch {
                diagnostics.append(file.diagnostic(atByte: error.location ?? statement.location, error.message))
            }
        }
    }

    struct SchemaError: Error {
        var message: String
        var location: Int?
    }

    mutating func apply(_ statement: ParseNode) throws(SchemaError) {
        switch statement.type {
        case "CreateStmt": try createTable(statement.body!)
        case "AlterTableStmt": try alterTable(statement.body!)
        case "DropStmt": try drop(statement.body!)
        case "CreateEnumStmt": try createEnum(statement.body!)
        case "CompositeTypeStmt":
            let body = statement.body!
            let fields = (body["coldeflist"]?.elements ?? []).compactMap { $0.node("ColumnDef") }.map { field in
                Column(name: field["colname"]?.stringValue ?? "", type: TypeNames.type(of: field["typeName"] ?? .null).type, notNull: false)
            }
            catalog.composites.append(CompositeType(name: TypeNames.relation(body["typevar"]), fields: fields))
        case "AlterEnumStmt": try alterEnum(statement.body!)
        case "RenameStmt": try rename(statement.body!)
        case "ViewStmt": try createView(statement.body!)
        case "CreateTableAsStmt": try createMaterializedView(statement.body!)
        case "CreateDomainStmt":
            let body = statement.body!
            catalog.domains[TypeNames.qualified(body["domainname"]?.strings ?? [])] = TypeNames.type(of: body["typeName"] ?? .null).type
        case "CreateFunctionStmt":
            let body = statement.body!
            let name = TypeNames.qualified(body["funcname"]?.strings ?? [])
            if let returns = body["returnType"], returns["setof"]?.boolValue != true {
                catalog.functions[name] = TypeNames.type(of: returns).type
            }
            catalog.signatures[name] = Self.signature(body)
        default: break
        }
    }

    private func tableIndex(_ relation: ParseNode?) throws(SchemaError) -> Int {
        let name = TypeNames.relation(relation)
        guard let index = catalog.tables.firstIndex(where: { $0.name == name }) else {
            throw SchemaError(message: "relation \"\(name)\" does not exist", location: relation?["location"]?.intValue)
        }
        return index
    }

    private mutating func createTable(_ node: ParseNode) throws(SchemaError) {
        let name = TypeNames.relation(node["relation"])
        if catalog.table(named: name) != nil {
            if node["if_not_exists"]?.boolValue == true { return }
            throw SchemaError(message: "relation \"\(name)\" already exists", location: node["relation"]?["location"]?.intValue)
        }
        var table = Table(name: name, columns: [])
        // PARTITION OF parent: the parent's columns; INHERITS (parents): theirs, then its own.
        for parent in node["inhRelations"]?.elements ?? [] {
            table.columns += catalog.tables[try tableIndex(parent.node("RangeVar"))].columns
        }
        var primaryKeys: [String] = []
        for element in node["tableElts"]?.elements ?? [] {
            if let definition = element.node("ColumnDef") {
                table.columns.append(column(definition))
            } else if let constraint = element.node("Constraint"), constraint["contype"]?.stringValue == "CONSTR_PRIMARY" {
                primaryKeys += constraint["keys"]?.strings ?? []
            }
        }
        for key in primaryKeys {
            if let index = table.columns.firstIndex(where: { $0.name == key }) { table.columns[index].notNull = true }
        }
        catalog.tables.append(table)
    }

    private func column(_ definition: ParseNode) -> Column {
        let (type, isSerial) = TypeNames.type(of: definition["typeName"] ?? .null)
        let origin = file.flatMap { file in
            definition["location"]?.intValue.map { offset in
                let (line, column) = file.position(ofByte: offset)
                return SourcePosition(path: file.path, line: line, column: column)
            }
        }
        var column = Column(
            name: definition["colname"]?.stringValue ?? "", type: type, notNull: isSerial, hasDefault: isSerial, origin: origin)
        if definition["is_not_null"]?.boolValue == true { column.notNull = true }
        for constraint in definition["constraints"]?.elements ?? [] {
            switch constraint.node("Constraint")?["contype"]?.stringValue {
            case "CONSTR_NOTNULL", "CONSTR_PRIMARY": column.notNull = true
            case "CONSTR_DEFAULT", "CONSTR_IDENTITY", "CONSTR_GENERATED": column.hasDefault = true
            default: break
            }
        }
        return column
    }

    private mutating func alterTable(_ node: ParseNode) throws(SchemaError) {
        guard node["objtype"]?.stringValue == "OBJECT_TABLE" else { return }
        let index: Int
        do {
            index = try tableIndex(node["relation"])
        } catch {
            if node["missing_ok"]?.boolValue == true { return }
            throw error
        }
        for command in node["cmds"]?.elements ?? [] {
            guard let command = command.node("AlterTableCmd") else { continue }
            let columnName = command["name"]?.stringValue ?? ""
            let location = node["relation"]?["location"]?.intValue
            let columnIndex = catalog.tables[index].columns.firstIndex { $0.name == columnName }
            switch command["subtype"]?.stringValue {
            case "AT_AddColumn":
                guard let definition = command["def"]?.node("ColumnDef") else { continue }
                let column = column(definition)
                if catalog.tables[index].column(named: column.name) != nil {
                    if command["missing_ok"]?.boolValue == true { continue }
                    throw SchemaError(
                        message: "column \"\(column.name)\" of relation \"\(catalog.tables[index].name)\" already exists",
                        location: definition["location"]?.intValue)
                }
                catalog.tables[index].columns.append(column)
            case "AT_DropColumn":
                guard let columnIndex else {
                    if command["missing_ok"]?.boolValue == true { continue }
                    throw SchemaError(
                        message: "column \"\(columnName)\" of relation \"\(catalog.tables[index].name)\" does not exist", location: location
                    )
                }
                catalog.tables[index].columns.remove(at: columnIndex)
            case "AT_SetNotNull", "AT_DropNotNull", "AT_AlterColumnType", "AT_ColumnDefault":
                guard let columnIndex else {
                    throw SchemaError(
                        message: "column \"\(columnName)\" of relation \"\(catalog.tables[index].name)\" does not exist", location: location
                    )
                }
                switch command["subtype"]?.stringValue {
                case "AT_SetNotNull": catalog.tables[index].columns[columnIndex].notNull = true
                case "AT_DropNotNull": catalog.tables[index].columns[columnIndex].notNull = false
                case "AT_ColumnDefault": catalog.tables[index].columns[columnIndex].hasDefault = command["def"] != nil
                default:
                    if let typeName = command["def"]?.node("ColumnDef")?["typeName"] {
                        catalog.tables[index].columns[columnIndex].type = TypeNames.type(of: typeName).type
                    }
                }
            case "AT_AddConstraint":
                guard let constraint = command["def"]?.node("Constraint"), constraint["contype"]?.stringValue == "CONSTR_PRIMARY" else {
                    continue
                }
                for key in constraint["keys"]?.strings ?? [] {
                    if let keyIndex = catalog.tables[index].columns.firstIndex(where: { $0.name == key }) {
                        catalog.tables[index].columns[keyIndex].notNull = true
                    }
                }
            default:
                break
            }
        }
    }

    private mutating func drop(_ node: ParseNode) throws(SchemaError) {
        let missingOK = node["missing_ok"]?.boolValue == true
        for object in node["objects"]?.elements ?? [] {
            let names = object.node("List")?["items"]?.strings ?? object.node("TypeName")?["names"]?.strings ?? []
            guard !names.isEmpty else { continue }
            let name = TypeNames.qualified(names)
            switch node["removeType"]?.stringValue {
            case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW":
                guard catalog.table(named: name) != nil else {
                    if missingOK { continue }
                    throw SchemaError(message: "table \"\(name)\" does not exist", location: nil)
                }
                catalog.tables.removeAll { $0.name == name }
            case "OBJECT_TYPE":
                guard catalog.enumType(named: name) != nil || catalog.compositeType(named: name) != nil else {
                    if missingOK { continue }
                    throw SchemaError(message: "type \"\(name)\" does not exist", location: nil)
                }
                catalog.enums.removeAll { $0.name == name }
                catalog.composites.removeAll { $0.name == name }
            default:
                break
            }
        }
    }

    /// CREATE MATERIALIZED VIEW (CREATE TABLE AS is treated alike): columns from its query.
    private mutating func createMaterializedView(_ node: ParseNode) throws(SchemaError) {
        let into = node["into"]
        let name = TypeNames.relation(into?["rel"])
        var columns: [ResultColumn]
        do {
            columns = try QueryAnalyzer(catalog: catalog).analyze(node["query"] ?? .null)
        } catch {
            throw SchemaError(message: error.message, location: error.location)
        }
        for (index, alias) in (into?["colNames"]?.strings ?? []).enumerated() where index < columns.count {
            columns[index].name = alias
        }
        catalog.tables.append(
            Table(
                name: name, columns: columns.map { Column(name: $0.name, type: $0.type, notNull: $0.notNull) },
                isView: node["objtype"]?.stringValue == "OBJECT_MATVIEW"))
    }

    /// CREATE [OR REPLACE] VIEW: its columns are the analyzed query's result columns.
    private mutating func createView(_ node: ParseNode) throws(SchemaError) {
        let name = TypeNames.relation(node["view"])
        let existing = catalog.tables.firstIndex { $0.name == name }
        if existing != nil, node["replace"]?.boolValue != true {
            throw SchemaError(message: "relation \"\(name)\" already exists", location: node["view"]?["location"]?.intValue)
        }
        var columns: [ResultColumn]
        do {
            columns = try QueryAnalyzer(catalog: catalog).analyze(node["query"] ?? .null)
        } catch {
            throw SchemaError(message: error.message, location: error.location)
        }
        for (index, alias) in (node["aliases"]?.strings ?? []).enumerated() where index < columns.count {
            columns[index].name = alias
        }
        let view = Table(name: name, columns: columns.map { Column(name: $0.name, type: $0.type, notNull: $0.notNull) }, isView: true)
        if let existing { catalog.tables[existing] = view } else { catalog.tables.append(view) }
    }

    private mutating func createEnum(_ node: ParseNode) throws(SchemaError) {
        guard let names = node["typeName"]?.strings, !names.isEmpty else { return }
        let name = TypeNames.qualified(names)
        if catalog.enumType(named: name) != nil {
            throw SchemaError(message: "type \"\(name)\" already exists", location: nil)
        }
        catalog.enums.append(EnumType(name: name, values: node["vals"]?.strings ?? []))
    }

    private mutating func alterEnum(_ node: ParseNode) throws(SchemaError) {
        let name = TypeNames.qualified(node["typeName"]?.strings ?? [])
        guard let index = catalog.enums.firstIndex(where: { $0.name == name }) else {
            throw SchemaError(message: "type \"\(node["typeName"]?.strings.last ?? "")\" does not exist", location: nil)
        }
        if let old = node["oldVal"]?.stringValue, let new = node["newVal"]?.stringValue {
            catalog.enums[index].values = catalog.enums[index].values.map { $0 == old ? new : $0 }
            return
        }
        guard let value = node["newVal"]?.stringValue, !catalog.enums[index].values.contains(value) else { return }
        var values = catalog.enums[index].values
        if let neighbor = node["newValNeighbor"]?.stringValue, let position = values.firstIndex(of: neighbor) {
            values.insert(value, at: node["newValIsAfter"]?.boolValue == true ? position + 1 : position)
        } else {
            values.append(value)
        }
        catalog.enums[index].values = values
    }

    private mutating func rename(_ node: ParseNode) throws(SchemaError) {
        guard let newName = node["newname"]?.stringValue else { return }
        switch node["renameType"]?.stringValue {
        case "OBJECT_TABLE":
            let index = try tableIndex(node["relation"])
            catalog.tables[index].name = newName
        case "OBJECT_COLUMN":
            let index = try tableIndex(node["relation"])
            let old = node["subname"]?.stringValue ?? ""
            guard let columnIndex = catalog.tables[index].columns.firstIndex(where: { $0.name == old }) else {
                throw SchemaError(message: "column \"\(old)\" does not exist", location: node["relation"]?["location"]?.intValue)
            }
            catalog.tables[index].columns[columnIndex].name = newName
        default:
            break
        }
    }
}

extension CatalogBuilder {
    /// Arguments (IN, INOUT, VARIADIC, unmarked) and result columns (TABLE, OUT, INOUT) of a CREATE FUNCTION.
    static func signature(_ body: ParseNode) -> FunctionSignature {
        var arguments: [FunctionSignature.Argument] = []
        var columns: [Column] = []
        for parameter in body["parameters"]?.elements ?? [] {
            guard let parameter = parameter.node("FunctionParameter") else { continue }
            let name = parameter["name"]?.stringValue
            let type = TypeNames.type(of: parameter["argType"] ?? .null).type
            let mode = parameter["mode"]?.stringValue ?? "FUNC_PARAM_DEFAULT"
            if ["FUNC_PARAM_IN", "FUNC_PARAM_INOUT", "FUNC_PARAM_VARIADIC", "FUNC_PARAM_DEFAULT"].contains(mode) {
                arguments.append(FunctionSignature.Argument(name: name, type: type))
            }
            if ["FUNC_PARAM_OUT", "FUNC_PARAM_INOUT", "FUNC_PARAM_TABLE"].contains(mode) {
                columns.append(Column(name: name ?? "column\(columns.count + 1)", type: type, notNull: false))
            }
        }
        let returns = body["returnType"]
        let returnType = returns.map { TypeNames.type(of: $0).type } ?? SQLType("void")
        return FunctionSignature(
            arguments: arguments, columns: columns, returnType: returnType,
            returnsSet: returns?["setof"]?.boolValue ?? false)
    }
}
