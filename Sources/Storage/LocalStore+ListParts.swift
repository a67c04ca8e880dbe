import Foundation
import _NIOFileSystem

extension LocalStore {
    /// The upload's part files, with the MD5 ETags that `uploadPart` returned.
    public func listParts(key: String, uploadID: String) async throws -> [StoredPart] {
        let folder = try await existingUploadFolder(key: key, uploadID: uploadID)
        var parts: [StoredPart] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.string) {
            guard let number = Int(name), (1...10_000).contains(number) else { continue }
            let file: LocalPartFile
            do {
                file = try await LocalPartFile.read(at: folder.appending(name), fileSystem: fileSystem)
            } catch let error as FileSystemError where error.code == .notFound {
                continue  // replaced or removed since the listing
            }
            parts.append(StoredPart(partNumber: number, etag: file.etag, size: file.size))
        }
        return parts.sorted { $0.partNumber < $1.partNumber }
    }
}
