import Database
import Foundation
import Uploads

/// `POST /upload` (JSON) answer: boto3's `generate_presigned_post` shape (`url`, `fields`) plus the id;
/// `?method=put` answers `url` and the `headers` to send instead of `fields`.
struct PresignResponse: Encodable {
    var fileID: String
    var fileName: String
    var method: String
    var url: String
    var fields: [String: String]?
    var headers: [String: String]?
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileName = "file_name"
        case method, url, fields, headers
        case expiresAt = "expires_at"
    }

    init(upload: Upload, grant: DirectUploadGrant) {
        fileID = upload.id.uuidString.lowercased()
        fileName = upload.fileName
        method = grant.method == .post ? "POST" : "PUT"
        url = grant.url
        fields = grant.method == .post ? grant.fields : nil
        headers = grant.method == .put ? grant.headers : nil
        expiresAt = grant.expiresAt
    }
}

/// `POST /confirm-upload` answer.
struct ConfirmResponse: Encodable {
    var fileID: String
    var status: String

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case status
    }
}

/// `GET /consult-status` and `POST /update-status` answer.
struct StatusResponse: Encodable {
    var fileID: String
    var status: String
    var details: String?
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case status, details
        case updatedAt = "updated_at"
    }

    init(_ upload: Upload) {
        fileID = upload.id.uuidString.lowercased()
        status = upload.status.rawValue
        details = upload.details
        updatedAt = upload.updatedAt
    }

    /// Encodes `details: null` explicitly, so clients always see the member.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fileID, forKey: .fileID)
        try container.encode(status, forKey: .status)
        try container.encode(details, forKey: .details)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

struct FileIDRequest: Decodable {
    var fileID: String?
    enum CodingKeys: String, CodingKey { case fileID = "file_id" }
}

struct UpdateStatusRequest: Decodable {
    var fileID: String?
    var status: String?
    var details: String?
    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case status, details
    }
}
