import Foundation
import NIOCore

/// An object as ListObjectsV2 describes it.
public struct S3ObjectSummary: Sendable, Hashable {
    public var key: String
    public var size: Int64
    public var etag: String?
    public var lastModified: Date?
    public var storageClass: String?
}

/// One ListObjectsV2 answer.
public struct S3ListObjectsPage: Sendable, Hashable {
    public var objects: [S3ObjectSummary]
    /// With a delimiter: the "folders" one level below the prefix.
    public var commonPrefixes: [String]
    /// Pass to the next call to continue; `nil` when the listing is complete.
    public var nextContinuationToken: String?
}

extension S3Client {
    /// One page (up to `maxKeys`, at most 1000) of ListObjectsV2.
    public func listObjectsV2Page(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, startAfter: String? = nil,
        continuationToken: String? = nil, maxKeys: Int? = nil
    ) async throws -> S3ListObjectsPage {
        // Keys come URL-encoded, so that characters XML 1.0 can't carry (control characters) survive.
        var query: [(name: String, value: String)] = [("list-type", "2"), ("encoding-type", "url")]
        if let prefix, !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let response = try await execute(Operation(name: "ListObjectsV2", method: .GET, bucket: bucket, query: query))
        let root = try XMLElementNode.parse(try await Self.collect(response.body, upTo: 32 * 1024 * 1024))
        let decode = Self.listingDecoder(root)
        let objects = try root.children("Contents").compactMap { node -> S3ObjectSummary? in
            guard let key = try node.childText("Key").map(decode) else { return nil }
            return S3ObjectSummary(
                key: key, size: node.childText("Size").flatMap { Int64($0) } ?? 0,
                etag: node.childText("ETag").flatMap(unquotedETag),
                lastModified: node.childText("LastModified").flatMap(ISOTimestamp.parse),
                storageClass: node.childText("StorageClass"))
        }
        let truncated = root.childText("IsTruncated") == "true"
        var next = truncated ? root.childText("NextContinuationToken") : nil
        if truncated && (next ?? "").isEmpty {
            throw S3ClientError.unexpectedResponse("ListObjectsV2 is truncated but has no NextContinuationToken")
        }
        if next?.isEmpty == true { next = nil }
        return S3ListObjectsPage(
            objects: objects,
            commonPrefixes: try root.children("CommonPrefixes").compactMap { try $0.childText("Prefix").map(decode) },
            nextContinuationToken: next)
    }

    /// Decodes listing values when the server honoured `encoding-type=url` (it says so in `<EncodingType>`).
    static func listingDecoder(_ root: XMLElementNode) -> (String) throws -> String {
        guard root.childText("EncodingType")?.lowercased() == "url" else { return { $0 } }
        return { value in
            guard let decoded = URIEncoding.decodeListingValue(value) else {
                throw S3ClientError.unexpectedResponse("malformed URL-encoded value in a listing: \(value)")
            }
            return decoded
        }
    }

    /// Every object under `prefix`, fetched page by page (`pageSize` keys per request) as you iterate.
    public func listObjects(bucket: String, prefix: String? = nil, startAfter: String? = nil, pageSize: Int = 1000)
        -> S3PageSequence<S3ObjectSummary, String>
    {
        S3PageSequence { token in
            let page = try await self.listObjectsV2Page(
                bucket: bucket, prefix: prefix, startAfter: token == nil ? startAfter : nil,
                continuationToken: token, maxKeys: pageSize)
            return (page.objects, page.nextContinuationToken)
        }
    }

    /// Every key under `prefix` (all pages).
    public func listObjectKeys(bucket: String, prefix: String = "") async throws -> [String] {
        try await listObjects(bucket: bucket, prefix: prefix).collect().map(\.key)
    }
}
