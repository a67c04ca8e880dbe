import Database
import Foundation

/// The body of the outgoing webhook sent when a file reaches `completed` or `error`:
/// `{"event": "upload.completed", "file_id", "user_id", "file_name", "status", "details", "size_bytes",
/// "storage_key", "occurred_at"}`.
public struct WebhookEvent: Codable, Sendable, Equatable {
    public var event: String
    public var fileID: String
    public var userID: String
    public var fileName: String
    public var status: String
    public var details: String?
    public var sizeBytes: Int64?
    public var storageKey: String
    public var occurredAt: Date

    enum CodingKeys: String, CodingKey {
        case event
        case fileID = "file_id"
        case userID = "user_id"
        case fileName = "file_name"
        case status, details
        case sizeBytes = "size_bytes"
        case storageKey = "storage_key"
        case occurredAt = "occurred_at"
    }

    public init(upload: Upload) {
        event = "upload.\(upload.status.rawValue)"
        fileID = upload.id.uuidString.lowercased()
        userID = upload.userID
        fileName = upload.fileName
        status = upload.status.rawValue
        details = upload.details
        sizeBytes = upload.sizeBytes
        storageKey = upload.storageKey
        occurredAt = upload.updatedAt
    }
}

/// The `process_upload` job's payload (the message the original service put on its SQS queue): `{"file_id", "key_path", "dest_path"}`.
public struct ProcessUploadPayload: Sendable, Equatable {
    public var fileID: UUID
    public var keyPath: String
    public var destPath: String

    public init(fileID: UUID, keyPath: String, destPath: String) {
        self.fileID = fileID
        self.keyPath = keyPath
        self.destPath = destPath
    }

    public init?(_ value: JSONValue) {
        guard case .object(let members) = value,
            case .string(let id)? = members["file_id"], let fileID = UUID(uuidString: id),
            case .string(let keyPath)? = members["key_path"],
            case .string(let destPath)? = members["dest_path"]
        else { return nil }
        self.init(fileID: fileID, keyPath: keyPath, destPath: destPath)
    }

    public var json: JSONValue {
        .object(["file_id": .string(fileID.uuidString.lowercased()), "key_path": .string(keyPath), "dest_path": .string(destPath)])
    }
}
