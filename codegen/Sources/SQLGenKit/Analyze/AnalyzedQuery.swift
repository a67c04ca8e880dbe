/// A query parameter (`$N`) with what the analyzer learned about it.
public struct QueryParameter: Sendable, Hashable {
    public var number: Int
    /// snake_case name: the `@name`, or the column the parameter is compared with or assigned to.
    public var name: String
    public var type: SQLType
    public var notNull: Bool
    /// The table column the type came from (for per-column overrides), as `table.column`.
    public var sourceColumn: String?

    public init(number: Int, name: String, type: SQLType, notNull: Bool, sourceColumn: String? = nil) {
        self.number = number
        self.name = name
        self.type = type
        self.notNull = notNull
        self.sourceColumn = sourceColumn
    }
}

/// One column of a query's result.
public struct ResultColumn: Sendable, Hashable {
    public var name: String
    public var type: SQLType
    public var notNull: Bool
    /// The table the column was read from, if it is a plain table column.
    public var table: String?
    /// The alias of `sqlc.embed(alias)` this column belongs to: consecutive columns with the same
    /// embed become one field of the table's model type.
    public var embed: String?
    /// The relation (table, view or CTE) the value was read from, also through an alias or
    /// COALESCE, as sqlc reports it; `describe` prints it as `table`.
    public var origin: String?
    /// For `sqlc.embed` of a table on the nullable side of an outer join: the embedded model is
    /// optional (nil when the join found no row), its columns keep the table's nullability.
    public var embedNullable = false

    public init(name: String, type: SQLType, notNull: Bool, table: String? = nil, embed: String? = nil, origin: String? = nil) {
        self.origin = origin ?? table
        self.name = name
        self.type = type
        self.notNull = notNull
        self.table = table
        self.embed = embed
    }
}

/// A query ready for code generation: its SQL as run, typed parameters and typed result columns.
public struct AnalyzedQuery: Sendable, Hashable {
    public var name: String
    public var command: QueryCommand
    public var documentation: [String]
    /// The SQL sent to the server (named parameters rewritten to `$N`, annotation comments removed).
    public var sql: String
    /// Parameters in `$N` order.
    public var parameters: [QueryParameter]
    public var columns: [ResultColumn]
    /// The query file it came from.
    public var path: String
    public var line: Int
    /// Things the analysis could not know (e.g. a column typed `unknown`), printed as warnings.
    public var warnings: [Diagnostic] = []
    /// For `:copyfrom`: the table and columns the INSERT names.
    public var copyTarget: CopyTarget?
}

/// Where a `:copyfrom` INSERT puts its values: `INSERT INTO table (a, b) VALUES ($2, $1)`.
public struct CopyTarget: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var name: String
        /// The `$N` whose value goes into the column.
        public var parameter: Int
    }

    /// The table as the catalog names it (`items`, `inventory.items`).
    public var table: String
    public var columns: [Column]
}
