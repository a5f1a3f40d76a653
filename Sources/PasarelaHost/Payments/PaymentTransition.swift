import Foundation
import PasarelaKit

/// Applies what a provider reports to a payment, keeping statuses from moving backwards, and
/// names the normalized event for each status change.
struct PaymentTransition {
    var payment: Payment
    var events: [PaymentEventRecord] = []

    init(_ payment: Payment) {
        self.payment = payment
    }

    /// Moves to `reported`'s status if that is a move forward; refunded amounts only grow.
    mutating func apply(
        _ reported: ProviderPayment, source: PaymentEventSource, providerEventID: String? = nil, at now: Date,
        ids: IdentifierGenerator
    ) {
        if let refunded = reported.refundedMinor, refunded > payment.refundedMinor, refunded <= payment.amount.minor {
            payment.refundedMinor = refunded
            payment.updatedAt = now
        }
        guard payment.status.canAdvance(to: reported.status) else { return }
        payment.providerStatus = reported.providerStatus
        if reported.status == .failed {
            payment.failureCode = reported.failureCode ?? payment.failureCode
            payment.failureMessage = reported.failureMessage ?? payment.failureMessage
        }
        move(to: reported.status, source: source, providerEventID: providerEventID, at: now, ids: ids)
    }

    /// Moves to `status` (if allowed), recording the event.
    mutating func move(
        to status: PaymentStatus, source: PaymentEventSource, providerEventID: String? = nil, at now: Date,
        ids: IdentifierGenerator
    ) {
        guard payment.status.canAdvance(to: status) else { return }
        if status == .refunded { payment.refundedMinor = payment.amount.minor }
        events.append(
            PaymentEventRecord(
                id: ids.make("evt", now: now), paymentID: payment.id, type: status.eventType, status: status,
                previousStatus: payment.status, source: source, providerEventID: providerEventID, occurredAt: now))
        payment.status = status
        payment.updatedAt = now
    }

    /// `true` when something changed and needs saving.
    func changed(from original: Payment) -> Bool {
        payment != original
    }
}
