import Hummingbird

/// The chunk API's success body (the shape its existing clients parse): `{"status": "success", "message": ..., "data": ...}`.
struct SeedEnvelope<Payload: Encodable & Sendable>: Encodable, Sendable {
    var status = "success"
    var message: String
    var data: Payload?

    static func response(_ message: String, data: Payload?, status: HTTPResponse.Status = .ok) throws -> Response {
        try JSONResponse.make(SeedEnvelope(message: message, data: data), status: status)
    }
}

/// An envelope without `data`.
struct NoPayload: Encodable, Sendable {}
