import Foundation

/// Something a provider reported about a payment, in provider-neutral terms.
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

    public init(id: String, type: EventType, payment: ProviderPayment, paymentID: String? = nil, occurredAt: Date) {
        self.id = id
        self.type = type
        self.payment = payment
        self.paymentID = paymentID
        self.occurredAt = occurredAt
    }
}
