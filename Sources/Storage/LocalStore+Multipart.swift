import Crypto
import Foundation
import NIOCore
import _NIOFileSystem

extension LocalStore {
    public func createMultipartUpload(key: String, contentType: String?) async throws -> String {
        _ = try path(for: key)
        let uploadID = UUID().uuidString.lowercased()
        let folder = uploadFolder(uploadID)
        try await fileSystem.createDirectory(at: folder, withIntermediateDirectories: true, permissions: nil)
        try await fileSystem.withFileHandle(forWritingAt: folder.appending("key"), options: .newFile(replaceExisting: false)) {
            _ = try await $0.write(contentsOf: Array(key.utf8), toAbsoluteOffset: 0)
        }
        return uploadID
    }

    public func uploadPart(key: String, uploadID: String, partNumber: Int, body: ByteBuffer) async throws -> CompletedPart {
        guard (1...10_000).contains(partNumber) else { throw LocalStoreError.invalidPartNumber(partNumber) }
        let folder = try await existingUploadFolder(key: key, uploadID: uploadID)
        let temporary = folder.appending(".tmp-\(UUID().uuidString)")
        do {
            try await fileSystem.withFileHandle(forWritingAt: temporary, options: .newFile(replaceExisting: false)) {
                _ = try await $0.write(contentsOf: body.readableBytesView, toAbsoluteOffset: 0)
            }
            try Self.rename(temporary, to: folder.appending(String(partNumber)))
        } catch {
            _ = try? await fileSystem.removeItem(at: temporary, recursively: false)
            throw error
        }
        var md5 = Insecure.MD5()
        body.withUnsafeReadableBytes { md5.update(bufferPointer: $0) }
        return CompletedPart(partNumber: partNumber, etag: md5.finalize().map { String(format: "%02x", $0) }.joined())
    }

    public func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws {
        let folder = try await existingUploadFolder(key: key, uploadID: uploadID)
        guard !parts.isEmpty, zip(parts, parts.dropFirst()).allSatisfy({ $0.partNumber < $1.partNumber }) else {
            throw LocalStoreError.invalidPartOrder
        }
        for (index, part) in parts.enumerated() {
            guard let info = try await regularFileInfo(folder.appending(String(part.partNumber))) else {
                throw LocalStoreError.invalidPart(part.partNumber)
            }
            if index < parts.count - 1, info.size < minimumPartSize {
                throw LocalStoreError.entityTooSmall(partNumber: part.partNumber)
            }
        }
        let destination = try path(for: key)
        let temporary = try await temporaryPath(beside: destination)
        do {
            try await fileSystem.withFileHandle(forWritingAt: temporary, options: .newFile(replaceExisting: false)) { output in
                var offset: Int64 = 0
                for part in parts {
                    offset += try await append(part: part, from: folder, to: output, at: offset)
                }
            }
            try Self.rename(temporary, to: destination)
        } catch {
            _ = try? await fileSystem.removeItem(at: temporary, recursively: false)
            throw error
        }
        _ = try await fileSystem.removeItem(at: folder, recursively: true)
    }

    public func abortMultipartUpload(key: String, uploadID: String) async throws {
        guard UUID(uuidString: uploadID) != nil else { return }  // not one of ours: nothing to remove
        _ = try await fileSystem.removeItem(at: uploadFolder(uploadID), recursively: true)
    }

    // MARK: parts

    func uploadFolder(_ uploadID: String) -> FilePath {
        rootPath.appending(Self.multipartFolder).appending(uploadID)
    }

    /// The folder of a started upload for `key`; throws `noSuchUpload` otherwise.
    func existingUploadFolder(key: String, uploadID: String) async throws -> FilePath {
        _ = try path(for: key)
        guard UUID(uuidString: uploadID) != nil else { throw LocalStoreError.noSuchUpload(uploadID) }
        let folder = uploadFolder(uploadID)
        let storedKey: ByteBuffer
        do {
            storedKey = try await ByteBuffer(contentsOf: folder.appending("key"), maximumSizeAllowed: .bytes(64 * 1024))
        } catch let error as FileSystemError where error.code == .notFound {
            throw LocalStoreError.noSuchUpload(uploadID)
        }
        guard String(buffer: storedKey) == key else { throw LocalStoreError.noSuchUpload(uploadID) }
        return folder
    }

    /// Copies one part to `output` at `offset` in chunks, checking its MD5 against the part's ETag.
    private func append(part: CompletedPart, from folder: FilePath, to output: WriteFileHandle, at offset: Int64) async throws -> Int64 {
        try await fileSystem.withFileHandle(forReadingAt: folder.appending(String(part.partNumber))) { input in
            var md5 = Insecure.MD5()
            var written: Int64 = 0
            for try await chunk in input.readChunks(in: 0..<Int64.max, chunkLength: .mebibytes(1)) {
                chunk.withUnsafeReadableBytes { md5.update(bufferPointer: $0) }
                written += try await output.write(contentsOf: chunk.readableBytesView, toAbsoluteOffset: offset + written)
            }
            let digest = md5.finalize().map { String(format: "%02x", $0) }.joined()
            guard digest == part.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased() else {
                throw LocalStoreError.invalidPart(part.partNumber)
            }
            return written
        }
    }
}
