import Foundation

/// A payment as the host keeps it, whatever provider processed it.
public struct Payment: Hashable, Sendable {
    /// The host's id, `pay_…`.
    public var id: String
    /// The payment instance (config name) that processed it, e.g. `mock` or `stripe-eu`.
    public var instance: String
    /// The provider's own id for it.
    public var providerPaymentID: String
    public var status: PaymentStatus
    public var amount: Money
    /// How much has been refunded so far, in minor units of ``amount``'s currency.
    public var refundedMinor: Int64
    public var description: String?
    public var metadata: [String: String]
    public var customer: Customer?
    /// A normalized decline or error code, e.g. `insufficient_funds`, for `failed` payments.
    public var failureCode: String?
    public var failureMessage: String?
    /// The provider's own word for the status, e.g. Stripe's `requires_payment_method`.
    public var providerStatus: String
    public var createdAt: Date
    public var updatedAt: Date
    /// What the customer must do next; set only while the payment is `requires_action`.
    ///
    /// - Since: ADK 2.1.
    public var nextAction: NextAction? = nil

    public init(
        id: String, instance: String, providerPaymentID: String, status: PaymentStatus, amount: Money,
        refundedMinor: Int64 = 0, description: String? = nil, metadata: [String: String] = [:],
        customer: Customer? = nil, failureCode: String? = nil, failureMessage: String? = nil,
        providerStatus: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.instance = instance
        self.providerPaymentID = providerPaymentID
        self.status = status
        self.amount = amount
        self.refundedMinor = refundedMinor
        self.description = description
        self.metadata = metadata
        self.customer = customer
        self.failureCode = failureCode
        self.failureMessage = failureMessage
        self.providerStatus = providerStatus
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// What may still be refunded.
    public var refundableMinor: Int64 { amount.minor - refundedMinor }
}

/// Who pays.
public struct Customer: Hashable, Sendable, Codable {
    public var email: String?
    public var name: String?

    public init(email: String? = nil, name: String? = nil) {
        self.email = email
        self.name = name
    }
}
