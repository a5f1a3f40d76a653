import Foundation
import PasarelaKit

/// Payments, with their refunds and normalized events, and the provider events applied to them.
public protocol PaymentStore: Sendable {
    /// Stores a new payment with the events of its first status, and the inbox events that hand
    /// them to packs, in one transaction.
    func insertPayment(_ payment: Payment, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws
    /// Replaces a payment, adding `refund` (if any; one already stored with its id gets its new
    /// status, as when a pending refund settles), `events` and the inbox events that hand them to
    /// packs, in one transaction.
    func updatePayment(_ payment: Payment, refund: Refund?, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws
    func payment(id: String) async throws -> Payment?
    func payment(instance: String, providerPaymentID: String) async throws -> Payment?
    /// Payments newest first, after `cursor` (an id from an earlier page).
    func payments(_ query: PaymentQuery) async throws -> [Payment]
    func refunds(paymentID: String) async throws -> [Refund]
    /// The normalized events of a payment, oldest first.
    func paymentEvents(paymentID: String) async throws -> [PaymentEventRecord]
    /// Payments still `requires_action` whose next action expired at or before `now`, soonest
    /// expired first: the checkouts nobody finished.
    func paymentsAwaitingAction(expiredBy now: Date, limit: Int) async throws -> [Payment]

    /// Whether a provider event was already applied.
    func providerEventApplied(instance: String, eventID: String) async throws -> Bool
    /// Records that a provider event was applied (or had no payment to apply to).
    func recordProviderEvent(_ event: ProviderEventRecord) async throws
}
