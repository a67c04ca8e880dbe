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
        var md5 = Insecure.MD5()
        body.withUnsafeReadableBytes { md5.update(bufferPointer: $0) }
        let digest = md5.finalize()
        do {
            try await fileSystem.withFileHandle(forWritingAt: temporary, options: .newFile(replaceExisting: false)) {
                _ = try await $0.write(contentsOf: body.readableBytesView, toAbsoluteOffset: LocalPartFile.headerLength)
                _ = try await $0.write(contentsOf: LocalPartFile.header(md5: digest).readableBytesView, toAbsoluteOffset: 0)
            }
            try Self.rename(temporary, to: folder.appending(String(partNumber)))
        } catch {
            _ = try? await fileSystem.removeItem(at: temporary, recursively: false)
            throw error
        }
        return CompletedPart(partNumber: partNumber, etag: LocalPartFile.hex(digest))
    }

    public func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws {
        let folder = try await existingUploadFolder(key: key, uploadID: uploadID)
        guard !parts.isEmpty, zip(parts, parts.dropFirst()).allSatisfy({ $0.partNumber < $1.partNumber }) else {
            throw LocalStoreError.invalidPartOrder
        }
        for (index, part) in parts.enumerated() {
            let path = folder.appending(String(part.partNumber))
            guard try await regularFileInfo(path) != nil else { throw LocalStoreError.invalidPart(part.partNumber) }
            let file = try await LocalPartFile.read(at: path, fileSystem: fileSystem)
            guard file.etag == part.unquotedETag else { throw LocalStoreError.invalidPart(part.partNumber) }
            if index < parts.count - 1, file.size < minimumPartSize {
                throw LocalStoreError.entityTooSmall(partNumber: part.partNumber)
            }
        }
        let destination = try path(for: key)
        let temporary = try await temporaryPath(beside: destination)
        do {
            try await fileSystem.withFileHandle(forWritingAt: temporary, options: .newFile(replaceExisting: false)) { output in
                var offset: Int64 = 0
                for part in parts {
                    offset += try await append(part, from: folder, to: output, at: offset)
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

    /// Copies the bytes of one part to `output` at `offset`, in chunks; returns how many. Reads the
    /// ETag again from the same open file: the part may have been sent again since the check.
    private func append(_ part: CompletedPart, from folder: FilePath, to output: WriteFileHandle, at offset: Int64) async throws -> Int64 {
        try await fileSystem.withFileHandle(forReadingAt: folder.appending(String(part.partNumber))) { input in
            let file = try await LocalPartFile.read(from: input)
            guard file.etag == part.unquotedETag else { throw LocalStoreError.invalidPart(part.partNumber) }
            var written: Int64 = 0
            for try await chunk in input.readChunks(in: file.dataOffset..<(file.dataOffset + file.size), chunkLength: .mebibytes(1)) {
                written += try await output.write(contentsOf: chunk.readableBytesView, toAbsoluteOffset: offset + written)
            }
            return written
        }
    }
}

extension CompletedPart {
    /// The ETag as `uploadPart` returned it, however the client quoted or cased it.
    var unquotedETag: String { etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased() }
}
