import Foundation
import NIOCore
import _NIOFileSystem

extension LocalStore: MultipartListingStore {
    /// The upload folders under `.multipart/`; an upload started when its `key` file was written. A
    /// folder without one is being created (or aborted) and is left alone.
    public func multipartUploads(initiatedBefore cutoff: Date) async throws -> [PendingMultipartUpload] {
        let folder = rootPath.appending(Self.multipartFolder)
        guard try await fileSystem.info(forFileAt: folder)?.type == .directory else { return [] }
        var uploads: [PendingMultipartUpload] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.string) where UUID(uuidString: name) != nil {
            let keyFile = folder.appending(name).appending("key")
            let key: ByteBuffer
            let info: FileInfo?
            do {
                key = try await ByteBuffer(contentsOf: keyFile, maximumSizeAllowed: .bytes(64 * 1024))
                info = try await fileSystem.info(forFileAt: keyFile)
            } catch let error as FileSystemError where error.code == .notFound {
                continue  // completed or aborted since the listing
            }
            guard let info else { continue }
            let written = info.lastDataModificationTime
            let initiated = Date(timeIntervalSince1970: TimeInterval(written.seconds) + TimeInterval(written.nanoseconds) / 1e9)
            guard initiated < cutoff else { continue }
            uploads.append(PendingMultipartUpload(key: String(buffer: key), uploadID: name, initiated: initiated))
        }
        return uploads.sorted { ($0.initiated, $0.uploadID) < ($1.initiated, $1.uploadID) }
    }
}
