import AsyncHTTPClient
import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// An HTTP proxy between an `S3Client` and a real S3 server that injects faults chosen per request, and
/// checks that every complete request body matches its signed `x-amz-content-sha256`.
public final class FaultInjectingProxy: Sendable {
    public enum Fault: Sendable, Equatable {
        case none
        /// 503 `SlowDown`.
        case slowDown
        /// 500 `InternalError`.
        case internalError
        /// 403 `AccessDenied`.
        case accessDenied
        /// Drops the connection after half the body arrived.
        case reset
        /// Waits, then forwards.
        case delay(TimeInterval)
        /// Forwards, then answers 502 instead of the server's answer (the answer is lost on the way back).
        case loseAnswer
    }

    public struct Stats: Sendable {
        /// Requests seen per `METHOD uri` (so repeated attempts of one request add up).
        public var attempts: [String: Int] = [:]
        public var faults: [String: Int] = [:]
        /// Requests whose body did not hash to their `x-amz-content-sha256`.
        public var hashMismatches: [String] = []
        public var bodiesChecked = 0
        /// Requests being answered right now (a delayed one may outlive the client's attempt).
        public var inFlight = 0
        public var total: Int { attempts.values.reduce(0, +) }
    }

    public let upstream: URL
    public let stats = NIOLockedValueBox(Stats())
    private let server: LocalHTTPServer
    private let counter = NIOLockedValueBox(0)

    /// `schedule` picks the fault for a request given its head and its attempt number (1 = first time).
    public init(upstream: URL, schedule: @escaping @Sendable (HTTPRequestHead, Int) -> Fault) {
        self.upstream = upstream
        let stats = self.stats
        let counter = self.counter
        server = LocalHTTPServer { head in
            let id = "\(head.method.rawValue) \(head.uri)"
            let attempt = stats.withLockedValue {
                $0.attempts[id, default: 0] += 1
                return $0.attempts[id]!
            }
            let fault = schedule(head, attempt)
            if fault != .none { stats.withLockedValue { $0.faults["\(fault)", default: 0] += 1 } }
            if fault == .reset {
                let length = head.headers.first(name: "content-length").flatMap(Int.init) ?? 0
                return .reset(afterBodyBytes: length / 2)
            }
            return .respond { request in
                stats.withLockedValue { $0.inFlight += 1 }
                defer { stats.withLockedValue { $0.inFlight -= 1 } }
                Self.checkPayloadHash(request, stats: stats)
                let requestID =
                    "proxy-"
                    + String(
                        counter.withLockedValue {
                            $0 += 1
                            return $0
                        })
                switch fault {
                case .slowDown: return Self.error(503, "SlowDown", "Please reduce your request rate.", requestID)
                case .internalError: return Self.error(500, "InternalError", "We encountered an internal error.", requestID)
                case .accessDenied: return Self.error(403, "AccessDenied", "Access Denied", requestID)
                case .delay(let seconds):
                    try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                    return await Self.forward(request, to: upstream)
                case .loseAnswer:
                    _ = await Self.forward(request, to: upstream)
                    return Self.error(502, "BadGateway", "the answer was lost", requestID)
                case .none, .reset:
                    return await Self.forward(request, to: upstream)
                }
            }
        }
    }

    public func start(port: Int = 0) async throws -> URL { try await server.start(port: port) }

    /// Waits (up to 10 s) until no request is being answered, so a late forward can't race the cleanup.
    public func waitUntilIdle() async {
        for _ in 0..<200 where stats.withLockedValue({ $0.inFlight }) > 0 {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
    }
    public func shutdown() async { await server.shutdown() }

    private static func checkPayloadHash(_ request: LocalHTTPServer.Request, stats: NIOLockedValueBox<Stats>) {
        guard let declared = request.head.headers.first(name: "x-amz-content-sha256"),
            declared != "UNSIGNED-PAYLOAD", !declared.hasPrefix("STREAMING-")
        else { return }
        var hasher = SHA256()
        request.body.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        let actual = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        stats.withLockedValue {
            $0.bodiesChecked += 1
            if actual != declared { $0.hashMismatches.append("\(request.head.method.rawValue) \(request.head.uri)") }
        }
    }

    private static func error(_ status: Int, _ code: String, _ message: String, _ requestID: String) -> LocalHTTPServer.Response {
        let xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>\(message)</Message>"
            + "<RequestId>\(requestID)</RequestId></Error>"
        return LocalHTTPServer.Response(
            status: HTTPResponseStatus(statusCode: status),
            headers: [("content-type", "application/xml"), ("x-amz-request-id", requestID)],
            body: ByteBuffer(string: xml))
    }

    private static let hopByHop: Set<String> = ["content-length", "connection", "transfer-encoding", "keep-alive", "expect"]

    private static func forward(_ request: LocalHTTPServer.Request, to upstream: URL) async -> LocalHTTPServer.Response {
        var outbound = HTTPClientRequest(url: upstream.absoluteString + request.head.uri)
        outbound.method = request.head.method
        for (name, value) in request.head.headers where !hopByHop.contains(name.lowercased()) {
            outbound.headers.add(name: name, value: value)  // Host included: it is signed
        }
        if request.body.readableBytes > 0 || request.head.method == .PUT || request.head.method == .POST {
            outbound.body = .bytes(request.body)
        }
        do {
            let response = try await HTTPClient.shared.execute(outbound, timeout: .seconds(120))
            let body = try await response.body.collect(upTo: 512 * 1024 * 1024)
            // A HEAD answer's Content-Length describes the object, not the (empty) body: keep it.
            let headers = response.headers
                .filter {
                    !hopByHop.contains($0.name.lowercased()) || (request.head.method == .HEAD && $0.name.lowercased() == "content-length")
                }
                .map { ($0.name, $0.value) }
            return LocalHTTPServer.Response(status: response.status, headers: headers, body: body)
        } catch {
            return Self.error(502, "ProxyError", "\(error)", "proxy-error")
        }
    }
}
