import Foundation
import Hummingbird
import Middleware
import Uploads

/// The presigned flow for authenticated users: `POST /upload` with a JSON body (dispatched by
/// `FileRoutes`), `POST /confirm-upload`, `GET /consult-status?file_id=`.
struct DirectUploadRoutes<Context: UploaderContext>: Sendable {
    let service: DirectUploadService

    func register(on group: RouterGroup<Context>) {
        group.post("/confirm-upload", use: confirm)
        group.get("/consult-status", use: status)
    }

    /// `POST /upload` with `Content-Type: application/json`; `?method=put` for a presigned PUT.
    @Sendable func presign(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let method: DirectUploadMethod
        switch request.uri.queryParameters.get("method")?.lowercased() {
        case nil, "post": method = .post
        case "put": method = .put
        case let other?: throw DirectUploadError.invalidRequest(["method": "must be post or put, got \(other)"])
        }
        let body = try await request.decode(as: DirectUploadRequest.self, context: context)
        let (upload, grant) = try await service.presign(userID: user.id, request: body, method: method)
        return try JSONResponse.make(PresignResponse(upload: upload, grant: grant), status: .created)
    }

    @Sendable func confirm(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: FileIDRequest.self, context: context)
        let upload = try await service.confirm(userID: user.id, fileID: try Self.fileID(body.fileID))
        return try JSONResponse.make(
            ConfirmResponse(fileID: upload.id.uuidString.lowercased(), status: upload.status.rawValue), status: .accepted)
    }

    @Sendable func status(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let upload = try await service.status(userID: user.id, fileID: try Self.fileID(request.uri.queryParameters.get("file_id")))
        return try JSONResponse.make(StatusResponse(upload))
    }

    /// A missing id is a validation error; one that is not a UUID names no upload (404, like a missing one).
    static func fileID(_ text: String?) throws -> UUID {
        guard let text, !text.isEmpty else { throw DirectUploadError.invalidRequest(["file_id": "is required"]) }
        guard let id = UUID(uuidString: text) else { throw DirectUploadError.notFound }
        return id
    }
}
