import Database
import Foundation
import HTTPTypes
import Hummingbird
import Middleware
import Uploads

/// tus 1.0 under `/tus/`: core, creation, creation-with-upload, creation-defer-length, termination,
/// checksum and expiration. `OPTIONS` needs no token; everything else is bound to the creating user.
struct TusRoutes<Context: UploaderContext>: Sendable {
    let tus: TusUploadService

    func registerDiscovery(on router: Router<Context>) {
        // The router treats "/tus" and "/tus/" as one path.
        for path in ["/tus", "/tus/:id"] {
            router.on(RouterPath(path), method: .options, use: options)
        }
    }

    func register(on group: RouterGroup<Context>) {
        group.post("/tus", use: create)
        group.head("/tus/:id", use: head)
        group.get("/tus/:id", use: show)
        group.patch("/tus/:id", use: patch)
        group.delete("/tus/:id", use: terminate)
    }

    @Sendable func options(request: Request, context: Context) async throws -> Response {
        Response(
            status: .noContent,
            headers: [
                TusHeaders.resumable: TusHeaders.version,
                TusHeaders.tusVersion: TusHeaders.version,
                TusHeaders.tusExtension: TusHeaders.extensions,
                TusHeaders.maxSize: String(tus.maximumSize),
                TusHeaders.checksumAlgorithm: TusChecksum.algorithms.joined(separator: ","),
            ])
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        try Self.requireVersion(request)
        let length = try Self.integer(request, TusHeaders.uploadLength)
        if length == nil {
            guard request.headers[TusHeaders.uploadDeferLength] == "1" else {
                throw TusError.invalidHeader(name: "Upload-Length", reason: "is required (or Upload-Defer-Length: 1)")
            }
        }
        let metadata = try TusMetadata(header: request.headers[TusHeaders.uploadMetadata])
        var upload = try await tus.create(userID: user.id, length: length, metadata: metadata)
        // creation-with-upload: a body sent with the creation request is the first PATCH.
        if request.headers[.contentType]?.lowercased().hasPrefix(TusHeaders.offsetContentType) == true {
            let checksum = try request.headers[TusHeaders.uploadChecksum].map(TusChecksum.init(header:))
            upload = try await tus.append(userID: user.id, id: upload.id, patch: .init(offset: 0, checksum: checksum), body: request.body)
        }
        var response = Response(status: .created, headers: Self.stateHeaders(upload))
        response.headers[.location] = "/tus/\(upload.id.uuidString.lowercased())"
        return response
    }

    @Sendable func head(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        try Self.requireVersion(request)
        let upload = try await tus.status(userID: user.id, id: try Self.uploadID(context))
        var headers = Self.stateHeaders(upload)
        headers[.cacheControl] = "no-store"
        if let metadata = upload.metadata { headers[TusHeaders.uploadMetadata] = metadata }
        return Response(status: .ok, headers: headers)
    }

    struct StatusResponse: Encodable, Sendable {
        var uploadID: String
        var offset: Int64
        var length: Int64?
        var fileID: String?
        var expiresAt: Date?
        enum CodingKeys: String, CodingKey {
            case uploadID = "upload_id"
            case offset = "upload_offset"
            case length = "upload_length"
            case fileID = "file_id"
            case expiresAt = "expires_at"
        }
    }

    /// `GET /tus/{id}`: the upload's state as JSON, with the resulting `file_id` once it is finished.
    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let upload = try await tus.status(userID: user.id, id: try Self.uploadID(context))
        var response = try JSONResponse.make(
            StatusResponse(
                uploadID: upload.id.uuidString.lowercased(), offset: upload.uploadOffset, length: upload.uploadLength,
                fileID: upload.fileID?.uuidString.lowercased(), expiresAt: upload.fileID == nil ? upload.expiresAt : nil))
        response.headers[.cacheControl] = "no-store"
        response.headers[TusHeaders.resumable] = TusHeaders.version
        return response
    }

    @Sendable func patch(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        try Self.requireVersion(request)
        guard request.headers[.contentType]?.lowercased().hasPrefix(TusHeaders.offsetContentType) == true else {
            throw TusError.wrongContentType
        }
        guard let offset = try Self.integer(request, TusHeaders.uploadOffset) else {
            throw TusError.invalidHeader(name: "Upload-Offset", reason: "is required")
        }
        let checksum = try request.headers[TusHeaders.uploadChecksum].map(TusChecksum.init(header:))
        let patch = TusUploadService.Patch(
            offset: offset, declaredLength: try Self.integer(request, TusHeaders.uploadLength), checksum: checksum)
        let upload = try await tus.append(userID: user.id, id: try Self.uploadID(context), patch: patch, body: request.body)
        return Response(status: .noContent, headers: Self.stateHeaders(upload))
    }

    @Sendable func terminate(request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        try Self.requireVersion(request)
        try await tus.terminate(userID: user.id, id: try Self.uploadID(context))
        return Response(status: .noContent, headers: [TusHeaders.resumable: TusHeaders.version])
    }

    /// Headers every answer about an upload carries: offset, length, expiry, and the file once finished.
    static func stateHeaders(_ upload: TusUpload) -> HTTPFields {
        var headers: HTTPFields = [TusHeaders.resumable: TusHeaders.version, TusHeaders.uploadOffset: String(upload.uploadOffset)]
        if let length = upload.uploadLength {
            headers[TusHeaders.uploadLength] = String(length)
        } else {
            headers[TusHeaders.uploadDeferLength] = "1"
        }
        if let fileID = upload.fileID {
            headers[TusHeaders.fileID] = fileID.uuidString.lowercased()
        } else {
            headers[TusHeaders.uploadExpires] = TusHeaders.httpDate(upload.expiresAt)
        }
        return headers
    }

    /// tus 1.0 requests carry `Tus-Resumable: 1.0.0`; others get 412 with the versions this server speaks.
    static func requireVersion(_ request: Request) throws {
        guard request.headers[TusHeaders.resumable] == TusHeaders.version else {
            throw ProblemDetails(
                .preconditionFailed, detail: "Send Tus-Resumable: \(TusHeaders.version).",
                headers: [TusHeaders.tusVersion: TusHeaders.version, TusHeaders.resumable: TusHeaders.version])
        }
    }

    static func integer(_ request: Request, _ name: HTTPField.Name) throws -> Int64? {
        guard let text = request.headers[name] else { return nil }
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw TusError.invalidHeader(name: name.canonicalName, reason: "must be a non-negative integer")
        }
        return value
    }

    /// A malformed id names no upload: 404, like a missing one.
    static func uploadID(_ context: Context) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw TusError.notFound }
        return id
    }
}
