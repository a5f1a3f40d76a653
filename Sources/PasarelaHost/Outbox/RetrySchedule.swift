import Foundation

/// When the next attempt of a failed delivery is due: the configured schedule with ±20 % jitter,
/// or the partner's `Retry-After` kept within bounds.
struct RetrySchedule: Sendable {
    /// Seconds to wait before each attempt, counted from the previous one; `delays[0]` is the first.
    let delays: [Int]
    /// The longest `Retry-After` honoured.
    static let maximumRetryAfter: TimeInterval = 86_400

    /// The wait after `attemptCount` failed attempts, or `nil` when the schedule is exhausted.
    func delay(afterAttempts attemptCount: Int, retryAfter: TimeInterval?, jitter: Double) -> TimeInterval? {
        guard attemptCount < delays.count else { return nil }
        if let retryAfter {
            return min(max(retryAfter, 1), Self.maximumRetryAfter)
        }
        return TimeInterval(delays[attemptCount]) * jitter
    }

    /// A random factor in 0.8…1.2.
    static func randomJitter() -> Double {
        Double.random(in: 0.8...1.2)
    }

    /// Seconds from a `Retry-After` header: delta seconds or an HTTP date.
    static func parseRetryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return TimeInterval(max(seconds, 0)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max($0.timeIntervalSince(now), 0) }
    }
}
