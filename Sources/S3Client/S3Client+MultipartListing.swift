import Foundation

/// An unfinished multipart upload (ListMultipartUploads).
public struct S3MultipartUploadSummary: Sendable, Hashable {
    public var key: String
    public var uploadID: String
    public var initiated: Date?
}

/// A stored part of an unfinished multipart upload (ListParts).
public struct S3PartSummary: Sendable, Hashable {
    public var partNumber: Int
    public var etag: String
    public var size: Int64
    public var lastModified: Date?
}

extension S3Client {
    /// Where a ListMultipartUploads page ends: the next page starts after this key and upload id.
    public struct MultipartUploadMarker: Sendable, Hashable {
        public var key: String
        public var uploadID: String?
    }

    /// One page (up to `maxUploads`) of unfinished multipart uploads under `prefix`, in key order.
    public func listMultipartUploadsPage(
        bucket: String, prefix: String? = nil, marker: MultipartUploadMarker? = nil, maxUploads: Int = 1000
    ) async throws -> (uploads: [S3MultipartUploadSummary], next: MultipartUploadMarker?) {
        var query: [(name: String, value: String)] = [("uploads", ""), ("max-uploads", String(maxUploads)), ("encoding-type", "url")]
        if let prefix, !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let marker {
            if !marker.key.isEmpty { query.append(("key-marker", marker.key)) }
            if let uploadID = marker.uploadID { query.append(("upload-id-marker", uploadID)) }
        }
        let response = try await execute(Operation(name: "ListMultipartUploads", method: .GET, bucket: bucket, query: query))
        let root = try XMLElementNode.parse(try await Self.collect(response.body, upTo: 32 * 1024 * 1024))
        let decode = Self.listingDecoder(root)
        let uploads = try root.children("Upload").compactMap { node -> S3MultipartUploadSummary? in
            guard let key = try node.childText("Key").map(decode), let uploadID = node.childText("UploadId") else { return nil }
            return S3MultipartUploadSummary(
                key: key, uploadID: uploadID,
                initiated: node.childText("Initiated").flatMap(ISOTimestamp.parse))
        }
        guard root.childText("IsTruncated") == "true" else { return (uploads, nil) }
        let nextKey = try root.childText("NextKeyMarker").map(decode) ?? ""
        let nextUploadID = root.childText("NextUploadIdMarker").flatMap { $0.isEmpty ? nil : $0 }
        // SeaweedFS pages by upload id alone and sends no NextKeyMarker.
        guard !nextKey.isEmpty || nextUploadID != nil else {
            throw S3ClientError.unexpectedResponse("ListMultipartUploads is truncated but has no next marker")
        }
        return (uploads, MultipartUploadMarker(key: nextKey, uploadID: nextUploadID))
    }

    /// Every unfinished multipart upload under `prefix` (for the reaper), page by page as you iterate.
    public func listMultipartUploads(bucket: String, prefix: String? = nil, pageSize: Int = 1000)
        -> S3PageSequence<S3MultipartUploadSummary, MultipartUploadMarker>
    {
        S3PageSequence { marker in
            let page = try await self.listMultipartUploadsPage(bucket: bucket, prefix: prefix, marker: marker, maxUploads: pageSize)
            return (page.uploads, page.next)
        }
    }

    /// One page (up to `maxParts`) of an upload's stored parts, after part number `marker`.
    public func listPartsPage(
        bucket: String, key: String, uploadID: String, marker: Int? = nil, maxParts: Int = 1000
    ) async throws -> (parts: [S3PartSummary], next: Int?) {
        var query: [(name: String, value: String)] = [("uploadId", uploadID), ("max-parts", String(maxParts))]
        if let marker { query.append(("part-number-marker", String(marker))) }
        let response = try await execute(Operation(name: "ListParts", method: .GET, bucket: bucket, key: key, query: query))
        let root = try XMLElementNode.parse(try await Self.collect(response.body, upTo: 32 * 1024 * 1024))
        let parts = root.children("Part").compactMap { node -> S3PartSummary? in
            guard let number = node.childText("PartNumber").flatMap(Int.init),
                let etag = node.childText("ETag").flatMap(unquotedETag)
            else { return nil }
            return S3PartSummary(
                partNumber: number, etag: etag, size: node.childText("Size").flatMap { Int64($0) } ?? 0,
                lastModified: node.childText("LastModified").flatMap(ISOTimestamp.parse))
        }
        guard root.childText("IsTruncated") == "true" else { return (parts, nil) }
        guard let next = root.childText("NextPartNumberMarker").flatMap(Int.init) ?? parts.last?.partNumber else {
            throw S3ClientError.unexpectedResponse("ListParts is truncated but has no NextPartNumberMarker")
        }
        return (parts, next)
    }

    /// Every stored part of an unfinished upload (to resume it), page by page as you iterate.
    public func listParts(bucket: String, key: String, uploadID: String, pageSize: Int = 1000) -> S3PageSequence<S3PartSummary, Int> {
        S3PageSequence { marker in
            let page = try await self.listPartsPage(bucket: bucket, key: key, uploadID: uploadID, marker: marker, maxParts: pageSize)
            return (page.parts, page.next)
        }
    }
}
