import Foundation
import NIOConcurrencyHelpers

/// Our idea of the server's time: the local clock plus an offset learned from a `RequestTimeTooSkewed`
/// answer's `Date` header, so that requests from a machine with a wrong clock are still accepted.
final class S3ServerClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)

    /// Seconds to add to the local clock.
    var skew: TimeInterval {
        get { offset.withLockedValue { $0 } }
        set { offset.withLockedValue { $0 = newValue } }
    }

    func now() -> Date {
        Date().addingTimeInterval(skew)
    }

    /// Whether the server's `Date` is more than five minutes (S3's tolerance is 15) away from `now()`.
    func isSkewed(serverDate: String?) -> Bool {
        guard let serverDate, let date = HTTPDate.parse(serverDate) else { return false }
        return abs(date.timeIntervalSince(now())) > 300
    }

    /// Adopts the server's `Date` header value; returns `false` when it can't be parsed.
    func adopt(serverDate: String?) -> Bool {
        guard let serverDate, let date = HTTPDate.parse(serverDate) else { return false }
        skew = date.timeIntervalSinceNow
        return true
    }
}
