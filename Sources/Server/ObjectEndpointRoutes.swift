import Hummingbird
import Middleware
import Uploads

/// The local backend's stand-in for S3's presigned uploads: `POST /objects` (a form, like a presigned
/// POST) and `PUT /objects/{key}?…&signature=` (like a presigned PUT). No bearer token: the grant's
/// signature is the authorization. Answers 204, as S3 does.
struct ObjectEndpointRoutes<Context: UploaderContext>: Sendable {
    let receiver: LocalObjectReceiver

    func register(on router: Router<Context>) {
        router.post("/objects", use: post)
        router.put("/objects/**", use: put)
    }

    @Sendable func post(request: Request, context: Context) async throws -> Response {
        _ = try await receiver.receiveForm(contentType: request.headers[.contentType], body: request.body)
        return Response(status: .noContent)
    }

    @Sendable func put(request: Request, context: Context) async throws -> Response {
        let key = context.parameters.getCatchAll().map { $0.removingPercentEncoding ?? String($0) }.joined(separator: "/")
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        try await receiver.receivePut(key: key, query: query, contentType: request.headers[.contentType], body: request.body)
        return Response(status: .noContent)
    }
}
