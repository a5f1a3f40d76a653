import Foundation
import Synchronization

extension PartnerDirectory {
    /// Sets partner `id`'s status (enabling clears its reason and run of failures); `false` when
    /// there is no such partner.
    func setStatus(id: String, status: PartnerStatus, reason: String?) async throws -> Bool {
        defer {
            forget(id)
            controls.expire()
        }
        return try await storage.setPartnerStatus(id: id, status: status, reason: reason)
    }

    /// The partners whose deliveries are held, ordered or paced, read at most every
    /// ``PartnerDirectory/cacheLifetime`` (the delivery worker asks before every claim).
    func deliveryControls() async throws -> DeliveryControls {
        if let cached = controls.fresh() { return cached }
        let read = try await storage.deliveryControls()
        controls.keep(read, for: Self.cacheLifetime)
        return read
    }
}

/// The delivery controls as last read, and until when that read holds.
final class DeliveryControlsCache: Sendable {
    private let state = Mutex<(controls: DeliveryControls, until: ContinuousClock.Instant)>((DeliveryControls(), .now))

    /// The controls, while the last read holds.
    func fresh() -> DeliveryControls? {
        state.withLock { $0.until > .now ? $0.controls : nil }
    }

    /// Keeps `controls` for `lifetime`.
    func keep(_ controls: DeliveryControls, for lifetime: Duration) {
        state.withLock { $0 = (controls, .now + lifetime) }
    }

    /// Makes the next look-up read again.
    func expire() {
        state.withLock { $0.until = .now }
    }
}
