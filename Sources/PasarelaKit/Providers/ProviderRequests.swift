import Foundation

/// What the host asks a provider to create.
public struct CreatePaymentRequest: Sendable {
    /// The host's payment id (`pay_…`); providers should attach it (metadata, external reference).
    public var paymentID: String
    public var amount: Money
    public var description: String?
    public var metadata: [String: String]
    public var customer: Customer?
    /// The request's `payment_method` object, whose keys each module documents.
    public var paymentMethod: JSONValue?
    /// A key that makes a retried call idempotent at the provider.
    public var idempotencyKey: String

    public init(
        paymentID: String, amount: Money, description: String? = nil, metadata: [String: String] = [:],
        customer: Customer? = nil, paymentMethod: JSONValue? = nil, idempotencyKey: String
    ) {
        self.paymentID = paymentID
        self.amount = amount
        self.description = description
        self.metadata = metadata
        self.customer = customer
        self.paymentMethod = paymentMethod
        self.idempotencyKey = idempotencyKey
    }
}

/// What the host asks a provider to refund.
public struct RefundRequest: Sendable {
    /// The host's refund id (`re_…`).
    public var refundID: String
    /// The payment as the host knows it.
    public var payment: Payment
    /// How much to refund; the host has checked it does not exceed what remains.
    public var amount: Money
    public var reason: String?
    public var idempotencyKey: String
    /// The refund request's `metadata`, whose keys each module documents (the mock reads
    /// `mock_outcome`).
    ///
    /// - Since: ADK 1.1.
    public var metadata: [String: String]

    public init(refundID: String, payment: Payment, amount: Money, reason: String? = nil, idempotencyKey: String) {
        self.init(refundID: refundID, payment: payment, amount: amount, reason: reason, idempotencyKey: idempotencyKey, metadata: [:])
    }

    /// A refund request with the caller's `metadata`.
    ///
    /// - Since: ADK 1.1.
    public init(
        refundID: String, payment: Payment, amount: Money, reason: String? = nil, idempotencyKey: String, metadata: [String: String]
    ) {
        self.refundID = refundID
        self.payment = payment
        self.amount = amount
        self.reason = reason
        self.idempotencyKey = idempotencyKey
        self.metadata = metadata
    }

    /// `true` when the refund covers everything that remains.
    public var isFull: Bool { amount.minor == payment.refundableMinor }

    /// `true` when the refund takes the whole payment, none of it refunded before: only then may
    /// a provider be left to work out the amount (it may not agree on what "the rest" is).
    public var refundsWholePayment: Bool { isFull && payment.refundedMinor == 0 }
}

/// What the host asks a provider to cancel.
public struct CancelRequest: Sendable {
    public var payment: Payment
    public var idempotencyKey: String

    public init(payment: Payment, idempotencyKey: String) {
        self.payment = payment
        self.idempotencyKey = idempotencyKey
    }
}

/// An incoming provider webhook, exactly as received.
public struct ProviderWebhookRequest: Sendable {
    /// Header names in lower case, values as received.
    public var headers: [String: String]
    /// Query parameters as received (not decoded twice).
    public var query: [String: String]
    /// The raw body bytes; signatures are computed over these.
    public var body: [UInt8]
    public var receivedAt: Date
    /// Set when the host hands back a webhook the module deferred (``WebhookDeferral``): its
    /// signature was checked when it arrived and may be stale by now, so the module skips the check.
    public var verified: Bool

    public init(headers: [String: String], query: [String: String] = [:], body: [UInt8], receivedAt: Date, verified: Bool = false) {
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.query = query
        self.body = body
        self.receivedAt = receivedAt
        self.verified = verified
    }

    /// A header's value, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}
