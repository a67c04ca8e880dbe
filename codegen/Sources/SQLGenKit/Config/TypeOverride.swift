/// A config entry replacing the Swift type of a database type or of one column.
public struct TypeOverride: Sendable, Hashable, Codable {
    /// A PostgreSQL type name (`jsonb`, `upload_status`), matched on every column and parameter of that type.
    public var databaseType: String?
    /// `table.column`, matched on that column and parameters bound to it.
    public var column: String?
    /// The Swift type to use; it must be `PostgresEncodable`/`PostgresDecodable` (and Codable, Hashable, Sendable).
    public var swiftType: String

    public init(databaseType: String? = nil, column: String? = nil, swiftType: String) {
        self.databaseType = databaseType
        self.column = column
        self.swiftType = swiftType
    }

    enum CodingKeys: String, CodingKey {
        case databaseType = "db_type"
        case column
        case swiftType = "swift_type"
    }
}
