import Synchronization

/// The request-body bytes every connection together may hold before their requests are
/// answered (`server.max_pending_body_bytes`). Bodies arrive before anybody is authenticated,
/// so without a bound shared by all connections a crowd of clients that each send part of a
/// large body could take the host's memory.
///
/// A connection's first ``ordinaryBodyBytes`` may use the whole budget; bytes past them only
/// its first three quarters. A crowd stalled part-way through large bodies therefore leaves a
/// quarter of the budget to ordinary webhooks, which are a few KiB.
final class RequestBodyBudget: Sendable {
    /// Bytes a connection may hold from anywhere in the budget.
    static let ordinaryBodyBytes = 16_384

    /// The whole budget, in bytes.
    let limit: Int
    /// What bytes past a connection's first ``ordinaryBodyBytes`` may fill the budget to.
    private let largeBodyCeiling: Int
    private let held = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
        largeBodyCeiling = limit - limit / 4
    }

    /// Takes `bytes` for a connection already holding `heldByConnection`; `false`, taking
    /// nothing, when that would fill the budget past what the connection may use of it.
    func take(_ bytes: Int, heldByConnection: Int) -> Bool {
        let ceiling = heldByConnection + bytes <= Self.ordinaryBodyBytes ? limit : largeBodyCeiling
        var current = held.load(ordering: .relaxed)
        while current + bytes <= ceiling {
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
