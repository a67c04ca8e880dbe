import Foundation
import Storage

/// A temporary folder of its own for one test, removed afterwards.
public enum ScratchFolder {
    public static func with<T>(_ body: (URL) async throws -> T) async throws -> T {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scratch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        return try await body(root)
    }

    /// Runs `body` with a `LocalStore` in a scratch folder.
    public static func withLocalStore<T>(_ body: (LocalStore) async throws -> T) async throws -> T {
        try await with { root in try await body(LocalStore(root: root)) }
    }
}
