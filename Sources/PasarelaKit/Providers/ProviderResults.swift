/// A payment's state as a provider reports it.
public struct ProviderPayment: Hashable, Sendable {
    public var providerPaymentID: String
    public var status: PaymentStatus
    /// The provider's own word for the status.
    public var providerStatus: String
    public var failureCode: String?
    public var failureMessage: String?
    /// How much the provider says has been refunded, when it says.
    public var refundedMinor: Int64?
    /// The payment's amount and currency as the provider reports them, when it does. The host
    /// applies a webhook event to a payment only when they agree with the payment's own.
    ///
    /// - Since: ADK 1.1.
    public var amount: Money?
    /// What the customer must do next, for a `requires_action` payment: a page to visit (3-D
    /// Secure, a hosted checkout) or a flow for the provider's client SDK. The host shows it as
    /// the payment's `next_action` while the payment stays `requires_action`.
    ///
    /// - Since: ADK 2.1.
    public var nextAction: NextAction?
    /// The provider id this payment had until now, when the provider gave it a new one (a Stripe
    /// Checkout Session that became a PaymentIntent, a MercadoPago preference that became a
    /// payment). The host then keeps ``providerPaymentID`` as the payment's id; an id that names
    /// neither the old nor the new id of a payment is never applied to it.
    ///
    /// - Since: ADK 2.1.
    public var replacesProviderPaymentID: String?

    public init(
        providerPaymentID: String, status: PaymentStatus, providerStatus: String, failureCode: String? = nil,
        failureMessage: String? = nil, refundedMinor: Int64? = nil
    ) {
        self.init(
            providerPaymentID: providerPaymentID, status: status, providerStatus: providerStatus, failureCode: failureCode,
            failureMessage: failureMessage, refundedMinor: refundedMinor, amount: nil)
    }

    /// A payment as the provider reports it, with the amount it reports.
    ///
    /// ```swift
    /// ProviderPayment(providerPaymentID: "acme_42", status: .succeeded, providerStatus: "paid", amount: Money(minor: 1250, currency: .usd))
    /// ```
    ///
    /// - Since: ADK 1.1.
    public init(
        providerPaymentID: String, status: PaymentStatus, providerStatus: String, failureCode: String? = nil,
        failureMessage: String? = nil, refundedMinor: Int64? = nil, amount: Money?
    ) {
        self.providerPaymentID = providerPaymentID
        self.status = status
        self.providerStatus = providerStatus
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.refundedMinor = refundedMinor
        self.amount = amount
    }
}

/// A refund as a provider reports it: answering a refund request, or in a webhook event
/// (``NormalizedEvent/refund``). A `pending` refund holds its amount until the provider settles it.
public struct ProviderRefund: Hashable, Sendable {
    /// The provider's own id for the refund.
    public var providerRefundID: String
    public var status: RefundStatus

    public init(providerRefundID: String, status: RefundStatus) {
        self.providerRefundID = providerRefundID
        self.status = status
    }
}
