import Foundation
import Synchronization

/// The payments a sweep failed on, and when each may be tried again: the sweep interval doubled
/// at each failure, at most an hour. Kept in memory: a restart tries them all again.
final class SweepBackoff: Sendable {
    private struct Entry {
        var failures: Int
        var retryAt: Date
    }

    /// The longest wait.
    static let maximum: TimeInterval = 3_600
    private let entries = Mutex<[String: Entry]>([:])

    /// How many payments are waiting at `now`.
    func waiting(at now: Date) -> Int {
        entries.withLock { $0.values.count { $0.retryAt > now } }
    }

    /// Whether payment `id` waits at `now`.
    func isWaiting(_ id: String, at now: Date) -> Bool {
        entries.withLock { ($0[id]?.retryAt).map { $0 > now } ?? false }
    }

    /// Records a failure on payment `id` at `now`; returns when it may be tried again.
    @discardableResult
    func failed(_ id: String, at now: Date, base: TimeInterval) -> Date {
        entries.withLock { entries in
            let failures = (entries[id]?.failures ?? 0) + 1
            let wait = min(max(base, 1) * pow(2, Double(min(failures - 1, 20))), Self.maximum)
            let retryAt = now.addingTimeInterval(wait)
            entries[id] = Entry(failures: failures, retryAt: retryAt)
            return retryAt
        }
    }

    /// Forgets every payment but `ids`.
    func keepOnly(_ ids: Set<String>) {
        entries.withLock { $0 = $0.filter { ids.contains($0.key) } }
    }

    /// Forgets payment `id`'s failures.
    func succeeded(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
