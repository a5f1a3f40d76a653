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
    ///
    /// A provider's refunded amount counts the refunds it has accepted, pending ones included (as
    /// Stripe's `amount_refunded` does), while `refunded_minor` counts settled refunds only: the
    /// host's `pendingRefundsMinor` is taken off it, and while refunds are pending a refund status
    /// follows what is settled.
    mutating func apply(
        _ reported: ProviderPayment, source: PaymentEventSource, providerEventID: String? = nil, pendingRefundsMinor: Int64 = 0,
        at now: Date, ids: IdentifierGenerator
    ) {
        var status = reported.status
        adoptProviderPaymentID(of: reported, at: now)
        if let reportedRefunded = reported.refundedMinor {
            let settled = reportedRefunded - pendingRefundsMinor
            if settled > payment.refundedMinor, settled <= payment.amount.minor {
                payment.refundedMinor = settled
                payment.updatedAt = now
            }
            if pendingRefundsMinor > 0, status == .refunded || status == .partiallyRefunded {
                status = settledRefundStatus
            }
        }
        guard payment.status.canAdvance(to: status) else { return takeNextAction(of: reported, at: now) }
        payment.providerStatus = reported.providerStatus
        if status == .failed {
            payment.failureCode = reported.failureCode ?? payment.failureCode
            payment.failureMessage = reported.failureMessage ?? payment.failureMessage
        }
        move(to: status, source: source, providerEventID: providerEventID, at: now, ids: ids)
        takeNextAction(of: reported, at: now)
    }

    /// A `requires_action` payment shows the latest next action its provider reports (a new 3-D
    /// Secure page, say); one the provider does not report stays as it was.
    private mutating func takeNextAction(of reported: ProviderPayment, at now: Date) {
        guard payment.status == .requiresAction, reported.status == .requiresAction, let action = reported.nextAction,
            action != payment.nextAction
        else { return }
        payment.nextAction = action
        payment.updatedAt = now
    }

    /// Takes the provider's new id for the payment when the provider says it replaces the one
    /// the payment has (a checkout that became a payment at the provider).
    private mutating func adoptProviderPaymentID(of reported: ProviderPayment, at now: Date) {
        guard reported.providerPaymentID != payment.providerPaymentID,
            reported.replacesProviderPaymentID == payment.providerPaymentID
        else { return }
        payment.providerPaymentID = reported.providerPaymentID
        payment.updatedAt = now
    }

    /// Adds a succeeded refund of `minor` to the refunded amount (never past the payment's) and
    /// moves to `partially_refunded` or `refunded`.
    mutating func addRefund(
        _ minor: Int64, source: PaymentEventSource, providerEventID: String? = nil, at now: Date, ids: IdentifierGenerator
    ) {
        payment.refundedMinor = min(payment.amount.minor, payment.refundedMinor + minor)
        payment.updatedAt = now
        move(to: settledRefundStatus, source: source, providerEventID: providerEventID, at: now, ids: ids)
    }

    /// The status the settled refunded amount stands for: `refunded`, `partially_refunded`, or
    /// (nothing refunded) the current one.
    private var settledRefundStatus: PaymentStatus {
        guard payment.refundedMinor > 0 else { return payment.status }
        return payment.refundableMinor == 0 ? .refunded : .partiallyRefunded
    }

    /// Settles `refund`, if it is pending, as `status`: a succeeded refund is added (``addRefund``),
    /// a failed one gives its amount back by no longer being pending. Returns the refund as it is
    /// afterwards, or `nil` when nothing changed (it was settled before, or `status` is `pending`).
    mutating func settle(
        _ refund: Refund, as status: RefundStatus, source: PaymentEventSource, providerEventID: String?, at now: Date,
        ids: IdentifierGenerator
    ) -> Refund? {
        guard refund.status == .pending, status != .pending else { return nil }
        var settled = refund
        settled.status = status
        if status == .succeeded {
            addRefund(refund.amount.minor, source: source, providerEventID: providerEventID, at: now, ids: ids)
        }
        return settled
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
        if status != .requiresAction { payment.nextAction = nil }
    }

    /// `true` when something changed and needs saving.
    func changed(from original: Payment) -> Bool {
        payment != original
    }
}
