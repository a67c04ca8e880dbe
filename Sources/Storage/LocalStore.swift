import Foundation
import NIOCore
import _NIOFileSystem

/// An `ObjectStore` in a folder on local disk: the object `a/b.txt` is the file `root/a/b.txt`.
///
/// Writes go to a temporary file in the destination folder and are renamed into place, so a reader sees
/// the old object or the new one, never a partial file. Multipart parts live in `root/.multipart/<uploadID>/`
/// until the upload is completed (parts concatenated, then renamed into place) or aborted; each part file
/// starts with its ETag (`LocalPartFile`).
/// ETags are `<size>-<mtime>` in hex (stable while the file is unchanged); parts' ETags are their MD5.
/// Content types are not stored (`headObject` answers `nil`).
/// Presigned requests are grants for this server's `/objects` endpoint (`endpoint`), which stores or
/// reads the object once it has checked the grant.
public struct LocalStore: ObjectStore {
    public let root: URL
    /// Size of the reads that stream an object.
    public var readChunkLength: Int64 = 256 * 1024
    /// Where presigned requests point and the key they are signed with; the default suits a server on
    /// `127.0.0.1:8080` whose grants die with the process.
    public var endpoint: LocalObjectEndpoint

    let fileSystem = FileSystem.shared
    static let multipartFolder = ".multipart"

    public init(root: URL, endpoint: LocalObjectEndpoint = .random(baseURL: "http://127.0.0.1:8080")) {
        self.root = root.standardizedFileURL
        self.endpoint = endpoint
    }

    public var minimumPartSize: Int { 5 * 1024 * 1024 }

    var rootPath: FilePath { FilePath(root.path) }

    /// The file for `key`, after checking the key can't leave the root or reach the store's own folders.
    func path(for key: String) throws -> FilePath {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.contains("\0"),
            segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
            segments.first != Substring(Self.multipartFolder)
        else { throw LocalStoreError.invalidKey(key) }
        return rootPath.appending(key)
    }

    @discardableResult
    public func putObject(key: String, body: ByteBuffer, contentType: String?) async throws -> String? {
        let destination = try path(for: key)
        let temporary = try await temporaryPath(beside: destination)
        do {
            try await fileSystem.withFileHandle(forWritingAt: temporary, options: .newFile(replaceExisting: false)) { file in
                _ = try await file.write(contentsOf: body.readableBytesView, toAbsoluteOffset: 0)
            }
            try Self.rename(temporary, to: destination)
        } catch {
            _ = try? await fileSystem.removeItem(at: temporary, recursively: false)
            throw error
        }
        return try await fileSystem.info(forFileAt: destination).map(Self.etag)
    }

    public func headObject(key: String) async throws -> ObjectMetadata? {
        guard let info = try await regularFileInfo(try path(for: key)) else { return nil }
        return metadata(key: key, info: info)
    }

    public func getObject(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload {
        let handle: ReadFileHandle
        do {
            handle = try await fileSystem.openFile(forReadingAt: try path(for: key), options: OpenOptions.Read())
        } catch let error as FileSystemError where error.code == .notFound {
            throw ObjectStoreError.notFound(key: key)
        }
        let file = OpenFile(handle)
        let info: FileInfo
        do {
            info = try await handle.info()
        } catch {
            try? await file.close()
            throw error
        }
        guard info.type == .regular else {
            try? await file.close()
            throw ObjectStoreError.notFound(key: key)
        }
        var sent: ClosedRange<Int64>?
        if let range {
            guard range.lowerBound >= 0, range.lowerBound < info.size else {
                try? await file.close()
                throw ObjectStoreError.invalidRange
            }
            sent = range.lowerBound...min(range.upperBound, info.size - 1)
        }
        let bytes = sent.map { $0.lowerBound..<($0.upperBound + 1) } ?? 0..<info.size
        return ObjectDownload(
            metadata: metadata(key: key, info: info), range: sent,
            body: LocalFileBody(file: file, range: bytes, chunkLength: readChunkLength))
    }

    public func deleteObject(key: String) async throws {
        let file = try path(for: key)
        guard try await regularFileInfo(file) != nil else { return }
        _ = try await fileSystem.removeItem(at: file, recursively: false)
    }

    public func checkReadiness() async throws {
        try await fileSystem.createDirectory(at: rootPath, withIntermediateDirectories: true, permissions: nil)
        guard let info = try await fileSystem.info(forFileAt: rootPath), info.type == .directory else {
            throw LocalStoreError.rootUnavailable(root.path)
        }
    }

    // MARK: files

    /// The file's info, or `nil` when there is no regular file at `path` (missing, a folder, or a parent
    /// that is a file).
    func regularFileInfo(_ path: FilePath) async throws -> FileInfo? {
        do {
            guard let info = try await fileSystem.info(forFileAt: path), info.type == .regular else { return nil }
            return info
        } catch let error as FileSystemError where error.code == .notFound {
            return nil
        }
    }

    private func metadata(key: String, info: FileInfo) -> ObjectMetadata {
        let modified = info.lastDataModificationTime
        return ObjectMetadata(
            key: key, size: info.size, etag: Self.etag(info), contentType: nil,
            lastModified: Date(timeIntervalSince1970: TimeInterval(modified.seconds) + TimeInterval(modified.nanoseconds) / 1e9))
    }

    static func etag(_ info: FileInfo) -> String {
        let modified = info.lastDataModificationTime
        return String(info.size, radix: 16) + "-" + String(modified.seconds, radix: 16) + String(format: "%08x", modified.nanoseconds)
    }

    /// A fresh name in `destination`'s folder (created if needed), so the final rename stays on one file system.
    func temporaryPath(beside destination: FilePath) async throws -> FilePath {
        let folder = destination.removingLastComponent()
        try await fileSystem.createDirectory(at: folder, withIntermediateDirectories: true, permissions: nil)
        return folder.appending(".tmp-\(UUID().uuidString)")
    }

    /// `rename(2)`: atomically replaces `destination`.
    static func rename(_ source: FilePath, to destination: FilePath) throws {
        guard Foundation.rename(source.string, destination.string) == 0 else {
            throw FileSystemError(
                code: errno == ENOENT ? .notFound : .unknown,
                message: "can't rename \(source) to \(destination): \(String(cString: strerror(errno)))",
                cause: nil, location: .init(function: #function, file: #fileID, line: #line))
        }
    }
}
