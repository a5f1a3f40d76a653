import Foundation
import Synchronization

extension PartnerDirectory {
    /// Sets partner `id`'s status (enabling clears its reason and run of failures); `false` when
    /// there is no such partner.
    func setStatus(id: String, status: PartnerStatus, reason: String?) async throws -> Bool {
        defer {
            forget(id)
            disabled.expire()
        }
        return try await storage.setPartnerStatus(id: id, status: status, reason: reason)
    }

    /// The disabled partners' ids, read at most every ``PartnerDirectory/cacheLifetime`` (the
    /// delivery worker asks before every claim).
    func disabledIDs() async throws -> Set<String> {
        if let cached = disabled.fresh() { return cached }
        let ids = try await storage.disabledPartnerIDs()
        disabled.keep(ids, for: Self.cacheLifetime)
        return ids
    }
}

/// The disabled partners' ids as last read, and until when that read holds.
final class DisabledPartners: Sendable {
    private let state = Mutex<(ids: Set<String>, until: ContinuousClock.Instant)>(([], .now))

    /// The ids, while the last read holds.
    func fresh() -> Set<String>? {
        state.withLock { $0.until > .now ? $0.ids : nil }
    }

    /// Keeps `ids` for `lifetime`.
    func keep(_ ids: Set<String>, for lifetime: Duration) {
        state.withLock { $0 = (ids, .now + lifetime) }
    }

    /// Makes the next look-up read again.
    func expire() {
        state.withLock { $0.until = .now }
    }
}
