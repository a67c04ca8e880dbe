import Database
import Foundation

/// Database writes that must commit together with the job being marked `done`.
public typealias JobCommit = @Sendable (Queries) async throws -> Void

/// Runs the jobs of one kind. `run` may be called more than once for the same job (a retry, or a
/// worker that died after doing part of the work), so every step must be safe to repeat.
public protocol JobProcessor: Sendable {
    var kind: JobKind { get }

    /// Does the work; the returned commit runs in the transaction that marks the job done.
    func run(_ job: Job) async throws -> JobCommit?

    /// The last attempt failed (or the error was permanent): record the failure where users see it.
    /// Runs in the transaction that marks the job `error`.
    func failed(_ job: Job, message: String, in queries: Queries) async throws
}

extension JobProcessor {
    public func failed(_ job: Job, message: String, in queries: Queries) async throws {}
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
