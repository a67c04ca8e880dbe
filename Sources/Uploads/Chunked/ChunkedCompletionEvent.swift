import Database
import Foundation

/// The body POSTed to `MAIN_SERVICE_CALLBACK_URL` when a chunked upload completes (through the signed
/// `deliver_webhook` job, like `WebhookEvent`): the usual webhook fields plus the chunk API's
/// `main_service_file_id`, `upload_session_id` and `file_path_on_upload_service`.
struct ChunkedCompletionEvent: Encodable {
    var base: WebhookEvent
    var mainServiceFileID: Int64?
    var uploadSessionID: String

    enum CodingKeys: String, CodingKey {
        case mainServiceFileID = "main_service_file_id"
        case uploadSessionID = "upload_session_id"
        case filePath = "file_path_on_upload_service"
    }

    func encode(to encoder: Encoder) throws {
        try base.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(mainServiceFileID, forKey: .mainServiceFileID)
        try container.encode(uploadSessionID, forKey: .uploadSessionID)
        try container.encode(base.storageKey, forKey: .filePath)
    }
}
