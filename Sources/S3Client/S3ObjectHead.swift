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

    public init(size: Int64, etag: String? = nil, contentType: String? = nil, lastModified: Date? = nil) {
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.lastModified = lastModified
    }

    init(headers: HTTPHeaders, size: Int64) {
        self.size = size
        self.etag = headers.first(name: "etag").flatMap(unquotedETag)
        self.contentType = headers.first(name: "content-type")
        self.lastModified = headers.first(name: "last-modified").flatMap(HTTPDate.parse)
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
