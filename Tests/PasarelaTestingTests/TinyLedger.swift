import PasarelaKit
import Synchronization

/// The tiny provider's "API": the charges it holds, which tests read as a fake API's records.
final class TinyLedger: Sendable {
    struct Charge: Sendable {
        var amount: Money
        var refundedMinor: Int64 = 0
        /// A checkout nobody has paid yet.
        var awaitsCustomer = false
    }

    private struct State {
        var charges: [String: Charge] = [:]
        var byIdempotencyKey: [String: String] = [:]
        var count = 0
    }

    private let state = Mutex(State())

    /// Charges `amount` (or, `awaitsCustomer`, opens a checkout for it) and returns the charge's id; with a key already used, returns that charge's id instead.
    func charge(_ amount: Money, idempotencyKey: String?, awaitsCustomer: Bool = false) -> String {
        state.withLock { state in
            if let key = idempotencyKey, let earlier = state.byIdempotencyKey[key] { return earlier }
            state.count += 1
            let id = "tiny_\(state.count)"
            state.charges[id] = Charge(amount: amount, awaitsCustomer: awaitsCustomer)
            if let key = idempotencyKey { state.byIdempotencyKey[key] = id }
            return id
        }
    }

    /// The charge `id`, if there is one.
    func charge(_ id: String) -> Charge? {
        state.withLock { $0.charges[id] }
    }

    /// Adds `minor` to what charge `id` has refunded.
    func refund(_ id: String, minor: Int64) {
        state.withLock { $0.charges[id]?.refundedMinor += minor }
    }
}
