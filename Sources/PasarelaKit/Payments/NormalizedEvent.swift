import Foundation

/// Something a provider reported about a payment (and, for refund events, one of its refunds),
/// in provider-neutral terms.
///
/// Providers return these from ``PaymentProvider/handleWebhook(_:)``; the host applies them
/// to its payment (a status never moves back) and hands each resulting status change to the
/// packs as an event of type ``type``.
public struct NormalizedEvent: Hashable, Sendable {
    /// The provider's event id, used to recognise a repeated delivery.
    public var id: String
    public var type: EventType
    /// The payment as the provider reports it now.
    public var payment: ProviderPayment
    /// The host's payment id when the provider echoed it back (metadata, external reference).
    public var paymentID: String?
    public var occurredAt: Date
    /// A refund of the payment as the provider reports it now, for events about a refund. The
    /// host settles its pending refund with this ``ProviderRefund/providerRefundID``: `succeeded`
    /// moves the amount into the payment's refunded amount, `failed` gives it back.
    ///
    /// - Since: ADK 1.1.
    public var refund: ProviderRefund?

    public init(id: String, type: EventType, payment: ProviderPayment, paymentID: String? = nil, occurredAt: Date) {
        self.init(id: id, type: type, payment: payment, paymentID: paymentID, occurredAt: occurredAt, refund: nil)
    }

    /// An event about a payment and one of its refunds.
    ///
    /// ```swift
    /// NormalizedEvent(
    ///     id: "evt_9", type: .paymentPartiallyRefunded, payment: payment, occurredAt: now,
    ///     refund: ProviderRefund(providerRefundID: "acme_re_1", status: .succeeded))
    /// ```
    ///
    /// - Since: ADK 1.1.
    public init(
        id: String, type: EventType, payment: ProviderPayment, paymentID: String? = nil, occurredAt: Date, refund: ProviderRefund?
    ) {
        self.id = id
        self.type = type
        self.payment = payment
        self.paymentID = paymentID
        self.occurredAt = occurredAt
        self.refund = refund
    }
}
