import Foundation
import HTTPTypes
import Hummingbird

/// Gives each request an id: the incoming `X-Request-ID` when it is sane (1–128 characters of
/// `A-Z a-z 0-9 - _ . :`), else a new UUID. Stored in `context.requestID`, added to the logger metadata
/// as `request_id`, and echoed in the response's `X-Request-ID` (error responses included).
public struct RequestIDMiddleware<Context: UploaderContext>: RouterMiddleware {
    public static var headerName: HTTPField.Name { .requestID }

    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let id =
            request.headers[Self.headerName].flatMap { Self.isSane($0) ? $0 : nil }
            ?? UUID().uuidString.lowercased()
        var context = context
        context.requestID = id
        context.logger[metadataKey: "request_id"] = .string(id)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.headerName] = id
        return response
    }

    static func isSane(_ value: String) -> Bool {
        (1...128).contains(value.utf8.count)
            && value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                    UInt8(ascii: "."), UInt8(ascii: ":"):
                    true
                default: false
                }
            }
    }
}

extension HTTPField.Name {
    /// `X-Request-ID`.
    public static var requestID: Self { Self("X-Request-ID")! }
}
