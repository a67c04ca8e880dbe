import Crypto
import Foundation
import NIOCore
import _NIOFileSystem

extension LocalStore: PartStreamingStore {
    public var streamsParts: Bool { true }

    /// Writes the part to disk as its bytes arrive; fails with `partLengthMismatch` unless `body` yields
    /// exactly `length` bytes.
    public func uploadPart<Body: AsyncSequence & Sendable>(
        key: String, uploadID: String, partNumber: Int, length: Int64, body: Body
    ) async throws -> CompletedPart where Body.Element == ByteBuffer {
        guard (1...10_000).contains(partNumber) else { throw LocalStoreError.invalidPartNumber(partNumber) }
        let folder = try await existingUploadFolder(key: key, uploadID: uploadID)
        let temporary = folder.appending(".tmp-\(UUID().uuidString)")
        do {
            let md5 = try await fileSystem.withFileHandle(forWritingAt: temporary, options: .newFile(replaceExisting: false)) { file in
                var md5 = Insecure.MD5()
                var received: Int64 = 0
                var written: Int64 = 0
                let start = LocalPartFile.headerLength
                // Bytes arrive in pieces of a few KiB: write them in batches, each write a trip to the I/O threads.
                var batch = ByteBuffer()
                for try await buffer in body {
                    received += Int64(buffer.readableBytes)
                    guard received <= length else { throw LocalStoreError.partLengthMismatch(partNumber) }
                    buffer.withUnsafeReadableBytes { md5.update(bufferPointer: $0) }
                    if batch.readableBytes == 0, buffer.readableBytes >= Self.partWriteBatchBytes {
                        written += try await file.write(contentsOf: buffer.readableBytesView, toAbsoluteOffset: start + written)
                        continue
                    }
                    var buffer = buffer
                    batch.writeBuffer(&buffer)
                    if batch.readableBytes >= Self.partWriteBatchBytes {
                        written += try await file.write(contentsOf: batch.readableBytesView, toAbsoluteOffset: start + written)
                        batch.clear()
                    }
                }
                written += try await file.write(contentsOf: batch.readableBytesView, toAbsoluteOffset: start + written)
                guard written == length else { throw LocalStoreError.partLengthMismatch(partNumber) }
                let digest = md5.finalize()
                _ = try await file.write(contentsOf: LocalPartFile.header(md5: digest).readableBytesView, toAbsoluteOffset: 0)
                return digest
            }
            try Self.rename(temporary, to: folder.appending(String(partNumber)))
            return CompletedPart(partNumber: partNumber, etag: LocalPartFile.hex(md5))
        } catch {
            _ = try? await fileSystem.removeItem(at: temporary, recursively: false)
            throw error
        }
    }

    /// Bytes of a streamed part collected before they are written.
    static let partWriteBatchBytes = 1024 * 1024

    public func truncateObject(key: String, toSize size: Int64, contentType: String?) async throws {
        let path = try path(for: key)
        try await fileSystem.withFileHandle(forWritingAt: path, options: .modifyFile(createIfNecessary: false)) {
            try await $0.resize(to: .bytes(size))
        }
    }
}
