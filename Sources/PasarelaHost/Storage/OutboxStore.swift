import Foundation
import PasarelaKit

/// The outbox: deliveries of outgoing events, their claims and their attempts.
public protocol OutboxStore: Sendable {
    /// Stores new deliveries (the outbox), in one transaction.
    func insertDeliveries(_ deliveries: [Delivery]) async throws
    func delivery(id: String) async throws -> Delivery?
    func deliveries(_ query: DeliveryQuery) async throws -> [Delivery]
    /// The first delivery of each event sent to `partnerID` in `range`, oldest first (for replays).
    func deliveries(partnerID: String, createdIn range: ClosedRange<Date>, eventTypes: [String]) async throws -> [Delivery]
    func attempts(deliveryID: String) async throws -> [DeliveryAttempt]
    /// Claims up to `limit` pending deliveries due at `now` whose lease has expired, at most
    /// `perPartner` in flight per partner counting `inFlight`, and leases them until `leaseUntil`.
    func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int, perPartner: Int, inFlight: [String: Int]) async throws
        -> [Delivery]
    /// Claims partner `partnerID`'s oldest pending delivery (creation order) if it is due, its
    /// lease has run out and no other delivery of the partner is in flight; leases it until
    /// `leaseUntil`. Of several hosts, one at a time claims for a partner. `nil` when there is none.
    func claimNextInOrder(partnerID: String, now: Date, leaseUntil: Date) async throws -> Delivery?
    /// Records each attempt and, where this host's lease (``Delivery/leaseUntil``) still holds,
    /// its delivery's new state, all in one transaction. Returns, in order, whether each state
    /// was written.
    func recordAttempts(_ records: [RecordedAttempt]) async throws -> [Bool]
    /// Makes a delivery due again now (manual retry), unless it was delivered or is in flight.
    func requeueDelivery(id: String, now: Date) async throws -> Delivery?
    /// Delivery counts and times for one partner.
    func deliveryHealth(partnerID: String) async throws -> DeliveryHealth
    /// How many deliveries to known partners are pending, and the oldest one's age, in one query.
    func pendingDeliveries() async throws -> PendingDeliveries
}
