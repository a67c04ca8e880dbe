import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// An object's metadata as `HeadObject`/`GetObject` answer it.
public struct S3ObjectHead: Sendable, Hashable {
    /// Size of the whole object in bytes.
    public var size: Int64
    /// The entity tag without its quotes.
    public var etag: String?
    public var contentType: String?
    public var lastModified: Date?
    public var contentDisposition: String?
    public var cacheControl: String?
    /// User metadata (`x-amz-meta-*`), names lower-cased and without the prefix.
    public var metadata: [String: String]
    /// `x-amz-server-side-encryption`: `AES256` or `aws:kms`.
    public var serverSideEncryption: String?
    public var kmsKeyID: String?
    /// `x-amz-checksum-sha256` when the object was stored with one and the server reports it.
    public var checksumSHA256: String?

    public init(
        size: Int64, etag: String? = nil, contentType: String? = nil, lastModified: Date? = nil,
        contentDisposition: String? = nil, cacheControl: String? = nil, metadata: [String: String] = [:],
        serverSideEncryption: String? = nil, kmsKeyID: String? = nil, checksumSHA256: String? = nil
    ) {
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.lastModified = lastModified
        self.contentDisposition = contentDisposition
        self.cacheControl = cacheControl
        self.metadata = metadata
        self.serverSideEncryption = serverSideEncryption
        self.kmsKeyID = kmsKeyID
        self.checksumSHA256 = checksumSHA256
    }

    init(headers: HTTPHeaders, size: Int64) {
        self.size = size
        self.etag = headers.first(name: "etag").flatMap(unquotedETag)
        self.contentType = headers.first(name: "content-type")
        self.lastModified = headers.first(name: "last-modified").flatMap(HTTPDate.parse)
        self.contentDisposition = headers.first(name: "content-disposition")
        self.cacheControl = headers.first(name: "cache-control")
        var metadata: [String: String] = [:]
        for (name, value) in headers where name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(name.lowercased().dropFirst("x-amz-meta-".count))] = value
        }
        self.metadata = metadata
        self.serverSideEncryption = headers.first(name: "x-amz-server-side-encryption")
        self.kmsKeyID = headers.first(name: "x-amz-server-side-encryption-aws-kms-key-id")
        self.checksumSHA256 = headers.first(name: "x-amz-checksum-sha256")
    }
}

/// A streamed `GetObject` answer. The body comes straight from the connection: read it to the end (or drop
/// the response) promptly, it holds a connection until then.
public struct S3GetObjectResponse: Sendable {
    /// Metadata of the whole object (`size` is the object's size, not the range's).
    public var head: S3ObjectHead
    /// The inclusive byte range being sent, when a range was asked for.
    public var range: ClosedRange<Int64>?
    /// Number of bytes `body` yields.
    public var contentLength: Int64
    public var body: HTTPClientResponse.Body
}

/// Strips the quotes S3 puts around an ETag; `nil` for an empty one.
func unquotedETag(_ value: String) -> String? {
    var etag = value.trimmingCharacters(in: .whitespaces)
    if etag.hasPrefix("W/") { etag.removeFirst(2) }
    if etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count >= 2 { etag = String(etag.dropFirst().dropLast()) }
    return etag.isEmpty ? nil : etag
}

/// `Content-Range: bytes 0-9/100` → (0...9, 100).
func parseContentRange(_ value: String) -> (range: ClosedRange<Int64>, total: Int64?)? {
    guard value.hasPrefix("bytes ") else { return nil }
    let parts = value.dropFirst(6).split(separator: "/", maxSplits: 1)
    guard parts.count == 2 else { return nil }
    let bounds = parts[0].split(separator: "-", maxSplits: 1)
    guard bounds.count == 2, let start = Int64(bounds[0]), let end = Int64(bounds[1]), start <= end else { return nil }
    return (start...end, Int64(parts[1]))
}

/// IMF-fixdate (`Fri, 24 May 2013 00:00:00 GMT`), the form of `Last-Modified`.
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = Int(seconds - days * 86400)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let amz = AmzDate(date)
        let year = amz.date.prefix(4)
        let month = Int(amz.date.dropFirst(4).prefix(2))!
        let day = amz.date.suffix(2)
        return String(
            format: "%@, %@ %@ %@ %02d:%02d:%02d GMT", weekday, String(day), months[month - 1], String(year),
            secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    static func parse(_ value: String) -> Date? {
        let fields = value.split(separator: " ")
        guard fields.count == 6, fields[5] == "GMT",
            let day = Int(fields[1]), let monthIndex = months.firstIndex(of: String(fields[2])),
            let year = Int(fields[3])
        else { return nil }
        let time = fields[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86400 + time[0] * 3600 + time[1] * 60 + time[2]))
    }

    /// Howard Hinnant's proleptic Gregorian date → days since 1970-01-01.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// ISO 8601 timestamps as S3 and STS write them: `2019-11-09T13:34:41Z`, with or without fractional seconds.
enum ISOTimestamp {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
