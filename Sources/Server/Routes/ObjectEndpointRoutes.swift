import Hummingbird
import Middleware
import Uploads

/// The local backend's stand-in for S3's presigned requests: `POST /objects` (a form, like a presigned
/// POST), `PUT /objects/{key}?…&signature=` (like a presigned PUT; answers 204, as S3 does) and
/// `GET /objects/{key}?expires=&signature=` (like a presigned GET). No bearer token: the grant's
/// signature is the authorization.
struct ObjectEndpointRoutes<Context: UploaderContext>: Sendable {
    let receiver: LocalObjectReceiver

    func register(on router: Router<Context>) {
        router.post("/objects", use: post)
        router.put("/objects/**", use: put)
        router.get("/objects/**", use: get)
    }

    @Sendable func post(request: Request, context: Context) async throws -> Response {
        _ = try await receiver.receiveForm(contentType: request.headers[.contentType], body: request.body)
        return Response(status: .noContent)
    }

    @Sendable func put(request: Request, context: Context) async throws -> Response {
        let (key, query) = Self.grant(request, context)
        try await receiver.receivePut(key: key, query: query, contentType: request.headers[.contentType], body: request.body)
        return Response(status: .noContent)
    }

    @Sendable func get(request: Request, context: Context) async throws -> Response {
        let (key, query) = Self.grant(request, context)
        let download = try await receiver.download(key: key, query: query, range: nil)
        var headers: HTTPFields = [.contentLength: String(download.contentLength)]
        if let type = download.metadata.contentType { headers[.contentType] = type }
        let body = download.body
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(contentLength: Int(download.contentLength)) { writer in
                for try await buffer in body { try await writer.write(buffer) }
                try await writer.finish(nil)
            })
    }

    /// The object key (from the path) and the grant's query parameters.
    private static func grant(_ request: Request, _ context: Context) -> (key: String, query: [String: String]) {
        let key = context.parameters.getCatchAll().map { $0.removingPercentEncoding ?? String($0) }.joined(separator: "/")
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        return (key, query)
    }
}
