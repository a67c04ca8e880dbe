/// One schema file: with `output.migrations`, sqlgen embeds every schema file as a `Migration`
/// (the generated `EmbeddedMigrations.all`), so a migrator needs no files on disk.
public struct Migration: Sendable, Hashable {
    /// The number the file name starts with (`0001_uploads.sql` → 1); migrations apply in this order.
    public var version: Int
    /// The file name, e.g. `0001_uploads.sql`.
    public var name: String
    /// SHA-256 of the file, lower-case hex: an applied migration whose file changed is refused.
    public var checksum: String
    /// The statements of the file's Up section, in order.
    public var statements: [String]
    /// False when the file says `-- +goose NO TRANSACTION` (statements such as CREATE INDEX
    /// CONCURRENTLY cannot run in a transaction); such a file is recorded after its last statement.
    public var transactional: Bool

    public init(version: Int, name: String, checksum: String, statements: [String], transactional: Bool = true) {
        self.version = version
        self.name = name
        self.checksum = checksum
        self.statements = statements
        self.transactional = transactional
    }
}
