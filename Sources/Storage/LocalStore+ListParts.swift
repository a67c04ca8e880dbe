import Crypto
import Foundation

extension LocalStore {
    /// The upload's part files, with the MD5 ETags that `uploadPart` returned (recomputed from the bytes).
    public func listParts(key: String, uploadID: String) async throws -> [StoredPart] {
        _ = try path(for: key)
        guard UUID(uuidString: uploadID) != nil else { throw LocalStoreError.noSuchUpload(uploadID) }
        let folder = uploadFolder(uploadID).string
        guard let storedKey = FileManager.default.contents(atPath: folder + "/key"), String(decoding: storedKey, as: UTF8.self) == key else {
            throw LocalStoreError.noSuchUpload(uploadID)
        }
        var parts: [StoredPart] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            guard let number = Int(name), (1...10_000).contains(number) else { continue }
            guard let handle = FileHandle(forReadingAtPath: folder + "/" + name) else { continue }
            defer { try? handle.close() }
            var md5 = Insecure.MD5()
            var size: Int64 = 0
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                md5.update(data: data)
                size += Int64(data.count)
            }
            parts.append(StoredPart(partNumber: number, etag: md5.finalize().map { String(format: "%02x", $0) }.joined(), size: size))
        }
        return parts.sorted { $0.partNumber < $1.partNumber }
    }
}
