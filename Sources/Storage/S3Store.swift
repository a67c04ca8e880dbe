import Foundation
import NIOCore
import S3Client

/// An `ObjectStore` over one bucket of an S3-compatible server. The client stays inside this module:
/// what callers need beyond the common operations is a capability protocol (`PresigningStore`,
/// `MultipartListingStore`, `PartStreamingStore`), so nothing above Storage speaks S3.
public struct S3Store: ObjectStore {
    let client: S3Client
    public let bucket: String

    public init(client: S3Client, bucket: String) {
        self.client = client
        self.bucket = bucket
    }

    public var minimumPartSize: Int { 5 * 1024 * 1024 }

    @discardableResult
    public func putObject(key: String, body: ByteBuffer, contentType: String?) async throws -> String? {
        try await translatingFailures { try await client.putObject(bucket: bucket, key: key, body: body, contentType: contentType) }
    }

    public func createMultipartUpload(key: String, contentType: String?) async throws -> String {
        try await translatingFailures { try await client.createMultipartUpload(bucket: bucket, key: key, contentType: contentType) }
    }

    public func uploadPart(key: String, uploadID: String, partNumber: Int, body: ByteBuffer) async throws -> CompletedPart {
        let etag = try await translatingFailures {
            try await client.uploadPart(bucket: bucket, key: key, uploadID: uploadID, partNumber: partNumber, body: body)
        }
        return CompletedPart(partNumber: partNumber, etag: etag)
    }

    public func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws {
        try await translatingFailures {
            try await client.completeMultipartUpload(
                bucket: bucket, key: key, uploadID: uploadID,
                parts: parts.map { S3CompletedPart(partNumber: $0.partNumber, etag: $0.etag) })
        }
    }

    public func abortMultipartUpload(key: String, uploadID: String) async throws {
        do {
            try await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
        } catch let error as S3Error where error.code == "NoSuchUpload" || error.statusCode == 404 {
            return  // already gone
        } catch {
            throw Self.storeError(for: error)
        }
    }

    public func headObject(key: String) async throws -> ObjectMetadata? {
        guard let head = try await translatingFailures({ try await client.headObject(bucket: bucket, key: key) }) else { return nil }
        return ObjectMetadata(
            key: key, size: head.size, etag: head.etag, contentType: head.contentType,
            lastModified: head.lastModified)
    }

    public func getObject(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload {
        do {
            let response = try await client.getObject(bucket: bucket, key: key, range: range)
            let head = response.head
            return ObjectDownload(
                metadata: ObjectMetadata(
                    key: key, size: head.size, etag: head.etag, contentType: head.contentType,
                    lastModified: head.lastModified),
                range: response.range,
                body: response.body)
        } catch let error as S3Error {
            if error.code == "NoSuchKey" || error.statusCode == 404 { throw ObjectStoreError.notFound(key: key) }
            if error.code == "InvalidRange" || error.statusCode == 416 { throw ObjectStoreError.invalidRange }
            throw Self.storeError(for: error)
        } catch {
            throw Self.storeError(for: error)
        }
    }

    public func deleteObject(key: String) async throws {
        do {
            try await client.deleteObject(bucket: bucket, key: key)
        } catch let error as S3Error where error.code == "NoSuchKey" {
            return
        } catch {
            throw Self.storeError(for: error)
        }
    }

    public func checkReadiness() async throws {
        try await client.headBucket(bucket)
    }
}
