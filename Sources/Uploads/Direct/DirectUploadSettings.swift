import Foundation

/// Rules of presigned direct uploads (`POST /upload` with a JSON body).
public struct DirectUploadSettings: Sendable {
    /// Largest `len` accepted (`MAX_UPLOAD_BYTES`).
    public var maximumUploadBytes: Int64
    /// Lower-case extensions without the dot (`UPLOAD_ALLOWED_EXTENSIONS`); `nil` allows any.
    public var allowedExtensions: Set<String>?
    /// Lifetime of a presigned URL or form (`PRESIGN_EXPIRES_SECONDS`).
    public var presignExpirySeconds: Int
    /// Extra time after the URL expires during which a finished upload may still be confirmed; the
    /// reaper expires the row after it.
    public var confirmGraceSeconds: Int
    /// Attempts of the processing job before the file ends in `error`.
    public var processingMaxAttempts: Int32

    public static let temporaryPrefix = "temp/"
    public static let destinationPrefix = "dest/"

    public init(
        maximumUploadBytes: Int64 = 5 * 1024 * 1024 * 1024,
        allowedExtensions: Set<String>? = nil,
        presignExpirySeconds: Int = 3600,
        confirmGraceSeconds: Int = 900,
        processingMaxAttempts: Int32 = 5
    ) {
        self.maximumUploadBytes = maximumUploadBytes
        self.allowedExtensions = allowedExtensions.map { Set($0.map(Self.normalizedExtension)) }
        self.presignExpirySeconds = presignExpirySeconds
        self.confirmGraceSeconds = confirmGraceSeconds
        self.processingMaxAttempts = processingMaxAttempts
    }

    /// `.JPG` → `jpg`.
    public static func normalizedExtension(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces).lowercased()
        while value.hasPrefix(".") { value.removeFirst() }
        return value
    }

    /// `temp/{user_id}/{file_id}/{file_name}`: where the client uploads.
    public static func temporaryKey(userID: String, fileID: UUID, fileName: String) -> String {
        temporaryPrefix + StorageKey.forFile(userID: userID, fileID: fileID, fileName: fileName)
    }

    /// `dest/{user_id}/{file_id}/{file_name}`: where processing moves the file.
    public static func destinationKey(userID: String, fileID: UUID, fileName: String) -> String {
        destinationPrefix + StorageKey.forFile(userID: userID, fileID: fileID, fileName: fileName)
    }
}
