import Foundation
import PasarelaKit
import Synchronization

/// A clock that tests move by hand.
///
/// ```swift
/// let clock = FakeClock(now: Date(timeIntervalSince1970: 1_700_000_000))
/// clock.advance(by: 301)
/// ```
public final class FakeClock: WallClock {
    private let current: Mutex<Date>

    public init(now: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(now)
    }

    public func now() -> Date {
        current.withLock { $0 }
    }

    /// Moves the clock forward (or back, for a negative interval).
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Sets the clock.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
