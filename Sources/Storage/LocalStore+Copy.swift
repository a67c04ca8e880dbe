import Foundation
import _NIOFileSystem

extension LocalStore {
    /// Copies the file to a temporary name beside the destination, then renames it into place.
    public func copyObject(from source: String, to destination: String) async throws {
        let sourcePath = try path(for: source)
        let destinationPath = try path(for: destination)
        guard try await regularFileInfo(sourcePath) != nil else { throw ObjectStoreError.notFound(key: source) }
        let temporary = try await temporaryPath(beside: destinationPath)
        do {
            try FileManager.default.copyItem(atPath: sourcePath.string, toPath: temporary.string)
            try Self.rename(temporary, to: destinationPath)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary.string)
            throw error
        }
    }
}
