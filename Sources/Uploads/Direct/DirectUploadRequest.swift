import Foundation

/// The presigned flow's `POST /upload` JSON body: `{"file_name", "extension", "len", "type"}`.
public struct DirectUploadRequest: Decodable, Sendable, Equatable {
    public var fileName: String?
    public var `extension`: String?
    public var len: Int64?
    public var type: String?

    enum CodingKeys: String, CodingKey {
        case fileName = "file_name"
        case `extension`, len, type
    }

    public init(fileName: String?, extension: String?, len: Int64?, type: String?) {
        self.fileName = fileName
        self.extension = `extension`
        self.len = len
        self.type = type
    }
}

/// A validated request: the stored file name (ending in the extension), the exact size and media type.
public struct DirectUploadSpec: Sendable, Equatable {
    public var fileName: String
    public var fileExtension: String
    public var size: Int64
    public var contentType: String

    /// Checks every field at once, so the 422 lists all problems.
    public init(_ request: DirectUploadRequest, settings: DirectUploadSettings) throws {
        var errors: [String: String] = [:]
        let ext = request.extension.map(DirectUploadSettings.normalizedExtension) ?? ""
        if ext.isEmpty || ext.count > 16
            || !ext.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        {
            errors["extension"] = "must be a file extension such as \".pdf\" (letters and digits, at most 16)"
        }
        let rawName = request.fileName?.trimmingCharacters(in: .whitespaces) ?? ""
        if rawName.isEmpty { errors["file_name"] = "is required" }
        var size: Int64 = 0
        if let len = request.len, len >= 0 { size = len } else { errors["len"] = "must be the file's size in bytes (0 or more)" }
        let contentType = request.type.map { MediaType.normalized($0) } ?? "application/octet-stream"
        if contentType == nil { errors["type"] = "must be a media type such as \"image/png\"" }
        guard errors.isEmpty else { throw DirectUploadError.invalidRequest(errors) }
        if let allowed = settings.allowedExtensions, !allowed.contains(ext) {
            throw DirectUploadError.extensionNotAllowed(ext, allowed: allowed.sorted())
        }
        guard size <= settings.maximumUploadBytes else { throw DirectUploadError.tooLarge(limit: settings.maximumUploadBytes) }

        var name = FileNameSanitizer().sanitize(rawName)
        if DirectUploadSettings.normalizedExtension((name as NSString).pathExtension) != ext || !name.contains(".") {
            name = FileNameSanitizer().sanitize(name + "." + ext)
        }
        self.fileName = name
        self.fileExtension = ext
        self.size = size
        self.contentType = contentType!
    }
}
