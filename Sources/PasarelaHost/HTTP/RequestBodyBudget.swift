import Synchronization

/// The request-body bytes every connection together may hold before their requests are
/// answered (`server.max_pending_body_bytes`). Bodies arrive before anybody is authenticated,
/// so without a bound shared by all connections a crowd of clients that each send part of a
/// large body could take the host's memory.
final class RequestBodyBudget: Sendable {
    /// The whole budget, in bytes.
    let limit: Int
    private let held = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `bytes` from the budget; `false`, taking nothing, when that would exceed it.
    func take(_ bytes: Int) -> Bool {
        var current = held.load(ordering: .relaxed)
        while current + bytes <= limit {
            let (exchanged, original) = held.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives back bytes taken earlier.
    func give(_ bytes: Int) {
        held.subtract(bytes, ordering: .relaxed)
    }

    /// Bytes held now.
    var inUse: Int { held.load(ordering: .relaxed) }
}
