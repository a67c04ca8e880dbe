import Crypto
import Database
import Foundation
import Hummingbird
import Middleware
import Uploads

/// `POST /update-status {file_id, status, details?}` for external workers (a Lambda, another service):
/// authenticated by `Authorization: Bearer <WORKER_TOKEN>` only — a user's token is refused (401) —
/// and limited to the allowed transitions. Without `WORKER_TOKEN` the route is off, and says so: a
/// worker's operator sees which setting enables it instead of a bare 404.
struct StatusRoutes<Context: UploaderContext>: Sendable {
    let service: DirectUploadService
    let workerToken: String?

    func register(on router: Router<Context>) {
        router.post("/update-status", use: update)
    }

    @Sendable func update(request: Request, context: Context) async throws -> Response {
        guard let workerToken else {
            throw ProblemDetails(.workerRouteDisabled, detail: "POST /update-status is off on this server; set WORKER_TOKEN to enable it.")
        }
        guard let token = Self.bearerToken(request.headers[.authorization]) else {
            throw ProblemDetails.unauthorized("This endpoint requires the worker token.")
        }
        guard Self.constantTimeEqual(token, workerToken) else {
            throw ProblemDetails.invalidToken("This endpoint accepts only the worker token.")
        }
        let body = try await request.decode(as: UpdateStatusRequest.self, context: context)
        let id = try DirectUploadRoutes<Context>.fileID(body.fileID)
        guard let text = body.status, let status = UploadStatus(rawValue: text) else {
            throw DirectUploadError.invalidRequest([
                "status": "must be one of " + UploadStatus.allCases.map(\.rawValue).joined(separator: ", ")
            ])
        }
        let upload = try await service.updateStatus(fileID: id, status: status, details: body.details)
        return try JSONResponse.make(StatusResponse(upload))
    }

    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// Compares digests, so the time taken says nothing about the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = SHA256.hash(data: Array(a.utf8))
        let right = SHA256.hash(data: Array(b.utf8))
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension ProblemKind {
    static let workerRouteDisabled = ProblemKind(slug: "worker-route-disabled", title: "Worker route disabled", status: .notFound)
}
