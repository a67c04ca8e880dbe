/// Query functions that can run together in one transaction: what every per-query-file protocol
/// sqlgen generates (`output.protocol: true`) refines, so code written against
/// `any UsersQueries & PostsQueries` (or generic over it) can open a transaction, and an in-memory
/// fake for unit tests only has to run `body` on itself.
public protocol TransactionalQueries: Sendable {
    /// Runs `body` in one transaction with queries bound to it: committed when `body` returns,
    /// rolled back when it throws (its error rethrown as is). Already inside one, `body` joins it.
    func withTransaction<Result: Sendable>(_ body: (Self) async throws -> Result) async throws -> Result
}

extension Queries: TransactionalQueries {}
