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

    public init(
        providerPaymentID: String, status: PaymentStatus, providerStatus: String, failureCode: String? = nil,
        failureMessage: String? = nil, refundedMinor: Int64? = nil
    ) {
        self.providerPaymentID = providerPaymentID
        self.status = status
        self.providerStatus = providerStatus
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.refundedMinor = refundedMinor
    }
}

/// A refund as a provider reports it.
public struct ProviderRefund: Hashable, Sendable {
    public var providerRefundID: String
    public var status: RefundStatus

    public init(providerRefundID: String, status: RefundStatus) {
        self.providerRefundID = providerRefundID
        self.status = status
    }
}
