/// One schema file: sqlgen embeds every file under sql/schema as a `Migration` (see `EmbeddedMigrations.all`).
public struct Migration: Sendable, Hashable {
    /// The number the file name starts with (`0001_uploads.sql` → 1); migrations apply in this order.
    public var version: Int
    /// The file name, e.g. `0001_uploads.sql`.
    public var name: String
    /// SHA-256 of the file, lower-case hex: an applied migration whose file changed is refused.
    public var checksum: String
    /// The statements of the file's Up section, in order.
    public var statements: [String]

    public init(version: Int, name: String, checksum: String, statements: [String]) {
        self.version = version
        self.name = name
        self.checksum = checksum
        self.statements = statements
    }
}
