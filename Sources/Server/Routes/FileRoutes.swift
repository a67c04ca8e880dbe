import Foundation
import Hummingbird
import Middleware
import Storage
import Uploads

/// The multipart upload route and the routes over a user's files. Every route needs an authenticated user.
struct FileRoutes<Context: UploaderContext>: Sendable {
    let uploads: FileUploadService
    let library: FileLibrary
    /// Answers `POST /upload` with a JSON body (presigned direct uploads).
    var direct: DirectUploadRoutes<Context>? = nil

    func register(on group: RouterGroup<Context>) {
        group.post("/upload", use: upload)
        group.get("/files", use: list)
        group.get("/files/:id", use: show)
        group.get("/files/:id/content", use: content)
        group.delete("/files/:id", use: delete)
    }

    @Sendable func upload(request: Request, context: Context) async throws -> Response {
        if let direct, request.headers[.contentType].map({ $0.lowercased().hasPrefix("application/json") }) == true {
            return try await direct.presign(request: request, context: context)
        }
        let user = try context.requireUser()
        let upload = try await uploads.receive(
            userID: user.id, contentType: request.headers[.contentType],
            contentLength: request.headers[.contentLength].flatMap { Int64($0) }, body: request.body)
        var response = try JSONResponse.make(FileResponse(upload), status: .created)
        response.headers[.location] = "/files/\(upload.id.uuidString.lowercased())"
        return response
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        var limit: Int?
        if let text = query.get("limit") {
            guard let value = Int(text) else { throw UploadError.invalidLimit }
            limit = value
        }
        let page = try await library.list(userID: user.id, limit: limit, cursor: query.get("cursor"))
        return try JSONResponse.make(FileListResponse(files: page.files.map(FileResponse.init), nextCursor: page.nextCursor))
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        return try JSONResponse.make(FileResponse(try await library.file(userID: user.id, id: fileID(context))))
    }

    @Sendable func content(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let (upload, download) = try await library.content(userID: user.id, id: fileID(context), rangeHeader: request.headers[.range])
        var headers: HTTPFields = [
            .contentType: upload.contentType,
            .contentLength: String(download.contentLength),
            .acceptRanges: "bytes",
            .contentDisposition: ContentDisposition.attachment(fileName: upload.fileName),
            .xContentTypeOptions: "nosniff",
        ]
        if let sha256 = upload.sha256 { headers[.eTag] = "\"\(sha256)\"" }
        var status = HTTPResponse.Status.ok
        if let range = download.range {
            status = .partialContent
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(download.metadata.size)"
        }
        let body = download.body
        return Response(
            status: status, headers: headers,
            body: ResponseBody(contentLength: Int(download.contentLength)) { writer in
                for try await buffer in body { try await writer.write(buffer) }
                try await writer.finish(nil)
            })
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        try await library.delete(userID: user.id, id: fileID(context))
        return Response(status: .noContent)
    }

    /// A malformed id names no file: 404, like a missing one.
    private func fileID(_ context: Context) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw UploadError.fileNotFound }
        return id
    }
}
