import Database
import Foundation

/// Database writes that must commit together with the job being marked `done` (on PostgreSQL).
public typealias JobCommit = @Sendable (Queries) async throws -> Void

/// Runs the jobs of one kind. `run` may be called more than once for the same job (a retry, or a
/// worker that died after doing part of the work), so every step must be safe to repeat.
public protocol JobProcessor<Transaction>: Sendable {
    /// What the commits write with: `Queries` in the service, an in-memory store in unit tests.
    associatedtype Transaction: JobsQueries = Queries

    var kind: JobKind { get }

    /// Does the work; the returned commit runs in the transaction that marks the job done.
    func run(_ job: Job) async throws -> (@Sendable (Transaction) async throws -> Void)?

    /// The last attempt failed (or the error was permanent): record the failure where users see it.
    /// Runs in the transaction that marks the job `error`.
    func failed(_ job: Job, message: String, in queries: Transaction) async throws
}

extension JobProcessor {
    public func failed(_ job: Job, message: String, in queries: Transaction) async throws {}
}

/// Errors a processor throws to control retries.
public enum JobFailure: Error, CustomStringConvertible {
    /// Retrying can't help (bad payload, missing source): fail the job now.
    case permanent(String)

    public var description: String {
        switch self {
        case .permanent(let message): message
        }
    }
}
