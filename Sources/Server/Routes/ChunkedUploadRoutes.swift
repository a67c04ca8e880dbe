import Foundation
import Hummingbird
import Middleware
import Uploads

/// The chunk API (`/upload/init`, `/upload/chunk`, `/upload/complete`, `/upload/file`,
/// `/upload/files`), answering in its `{status, message, data}` envelope. Every route needs a user.
struct ChunkedUploadRoutes<Context: UploaderContext>: Sendable {
    let chunks: ChunkedUploadService
    let library: FileLibrary

    /// JSON bodies of these routes are small.
    static var maximumJSONBytes: Int { 64 * 1024 }

    func register(on group: RouterGroup<Context>) {
        group.post("/upload/init", use: start)
        group.post("/upload/chunk", use: chunk)
        group.post("/upload/complete", use: complete)
        group.delete("/upload/file", use: delete)
        group.get("/upload/files", use: files)
    }

    struct InitRequest: Decodable {
        var mainServiceFileID: Int64?
        var originalFileName: String?
        enum CodingKeys: String, CodingKey {
            case mainServiceFileID = "main_service_file_id"
            case originalFileName = "original_file_name"
        }
    }

    struct SessionRequest: Decodable {
        var uploadSessionID: String?
        var totalChunks: Int?
        var mainServiceFileID: Int64?
        enum CodingKeys: String, CodingKey {
            case uploadSessionID = "upload_session_id"
            case totalChunks = "total_chunks"
            case mainServiceFileID = "main_service_file_id"
        }
    }

    struct SessionData: Encodable, Sendable {
        var uploadSessionID: String
        enum CodingKeys: String, CodingKey { case uploadSessionID = "upload_session_id" }
    }

    struct ChunkData: Encodable, Sendable {
        var uploadSessionID: String
        var chunkIndex: Int
        var chunkSize: Int64
        enum CodingKeys: String, CodingKey {
            case uploadSessionID = "upload_session_id"
            case chunkIndex = "chunk_index"
            case chunkSize = "chunk_size"
        }
    }

    struct CompleteData: Encodable, Sendable {
        var file: FileResponse
        var filePath: String
        var mainServiceFileID: Int64?
        enum CodingKeys: String, CodingKey {
            case filePath = "file_path_on_upload_service"
            case mainServiceFileID = "main_service_file_id"
            case fileID = "file_id"
            case fileName = "file_name"
            case fileSize = "file_size"
            case contentType = "content_type"
            case sha256
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(filePath, forKey: .filePath)
            try container.encodeIfPresent(mainServiceFileID, forKey: .mainServiceFileID)
            try container.encode(file.fileID, forKey: .fileID)
            try container.encode(file.fileName, forKey: .fileName)
            try container.encode(file.fileSize, forKey: .fileSize)
            try container.encode(file.contentType, forKey: .contentType)
            try container.encodeIfPresent(file.sha256, forKey: .sha256)
        }
    }

    struct FilesData: Encodable, Sendable {
        var status = "success"
        var message = "Files listed."
        var files: [String]
    }

    @Sendable func start(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let body = try await decode(InitRequest.self, from: request)
        let session = try await chunks.start(userID: user.id, fileName: body.originalFileName, mainServiceFileID: body.mainServiceFileID)
        return try SeedEnvelope.response(
            "Upload session initialized.", data: SessionData(uploadSessionID: session.id.uuidString.lowercased()), status: .created)
    }

    @Sendable func chunk(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let stored = try await chunks.receiveChunk(
            userID: user.id, contentType: request.headers[.contentType],
            contentLength: request.headers[.contentLength].flatMap { Int64($0) }, body: request.body)
        return try SeedEnvelope.response(
            "Chunk uploaded successfully.",
            data: ChunkData(uploadSessionID: stored.sessionID.uuidString.lowercased(), chunkIndex: stored.index, chunkSize: stored.size))
    }

    @Sendable func complete(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let body = try await decode(SessionRequest.self, from: request)
        let sessionID = try Self.sessionID(body.uploadSessionID)
        guard let total = body.totalChunks else {
            throw ChunkedUploadError.invalidField(name: "total_chunks", reason: "is required")
        }
        let upload = try await chunks.complete(
            userID: user.id, sessionID: sessionID, totalChunks: total, mainServiceFileID: body.mainServiceFileID)
        let data = CompleteData(file: FileResponse(upload), filePath: upload.storageKey, mainServiceFileID: body.mainServiceFileID)
        var response = try SeedEnvelope.response("File upload completed.", data: data)
        response.headers[.location] = "/files/\(upload.id.uuidString.lowercased())"
        return response
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let body = try await decode(SessionRequest.self, from: request)
        try await chunks.delete(userID: user.id, sessionID: try Self.sessionID(body.uploadSessionID), library: library)
        return try SeedEnvelope<NoPayload>.response("Files deleted.", data: nil)
    }

    /// The chunk API's listing: `{"status": "success", "files": [path, ...]}`, newest first (up to 1000).
    @Sendable func files(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let page = try await library.list(userID: user.id, limit: FileLibrary.maximumPageSize, cursor: nil)
        return try JSONResponse.make(FilesData(files: page.files.map(\.storageKey)))
    }

    private static func sessionID(_ text: String?) throws -> UUID {
        guard let text, !text.isEmpty else { throw ChunkedUploadError.invalidField(name: "upload_session_id", reason: "is required") }
        guard let id = UUID(uuidString: text) else { throw ChunkedUploadError.sessionNotFound }
        return id
    }

    private func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maximumJSONBytes)
        } catch {
            throw ProblemDetails.payloadTooLarge("The JSON body is larger than \(Self.maximumJSONBytes) bytes.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch {
            throw ProblemDetails.badRequest("The body is not the JSON object this endpoint expects.")
        }
    }
}
