import Foundation

/// A refund of part or all of a payment.
public struct Refund: Hashable, Sendable {
    /// The host's id, `re_…`.
    public var id: String
    /// The host id of the refunded payment.
    public var paymentID: String
    /// The provider's own id for the refund.
    public var providerRefundID: String
    public var amount: Money
    public var status: RefundStatus
    public var reason: String?
    public var createdAt: Date

    public init(
        id: String, paymentID: String, providerRefundID: String, amount: Money, status: RefundStatus,
        reason: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.paymentID = paymentID
        self.providerRefundID = providerRefundID
        self.amount = amount
        self.status = status
        self.reason = reason
        self.createdAt = createdAt
    }
}

/// The normalized status of a refund.
///
/// A `pending` refund holds its amount (it counts against what remains to refund) until the
/// provider settles it: `succeeded` adds it to the payment's refunded amount, `failed` gives it
/// back. Only a pending refund changes status.
public enum RefundStatus: String, Codable, Sendable, CaseIterable {
    case pending
    case succeeded
    case failed
}
