import Database
import Foundation

/// A stored file as the API shows it (the answer to `POST /upload` and the file routes).
struct FileResponse: Codable, Sendable {
    /// Lowercase, as most clients and the storage key write it.
    var fileID: String
    var fileName: String
    var fileSize: Int64
    var contentType: String
    var sha256: String?
    var uploadTime: Date

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileName = "file_name"
        case fileSize = "file_size"
        case contentType = "content_type"
        case sha256
        case uploadTime = "upload_time"
    }

    init(_ upload: Upload) {
        fileID = upload.id.uuidString.lowercased()
        fileName = upload.fileName
        fileSize = upload.sizeBytes ?? 0
        contentType = upload.contentType
        sha256 = upload.sha256
        uploadTime = upload.completedAt ?? upload.createdAt
    }
}

struct FileListResponse: Codable, Sendable {
    var files: [FileResponse]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case files
        case nextCursor = "next_cursor"
    }
}
