import PasarelaKit

/// What the mock provider remembers of one payment, kept in its module store.
struct MockPaymentRecord: Codable, Sendable {
    var providerPaymentID: String
    var paymentID: String
    var amountMinor: Int64
    var currency: String
    var status: String
    var failureCode: String?
    var refundedMinor: Int64

    static func key(_ providerPaymentID: String) -> String { "payment/\(providerPaymentID)" }

    /// Adds a succeeded refund of `minor` (never past the amount); the payment becomes
    /// `partially_refunded` or `refunded`.
    mutating func addRefunded(_ minor: Int64) {
        refundedMinor = min(amountMinor, refundedMinor + minor)
        status = (refundedMinor == amountMinor ? PaymentStatus.refunded : .partiallyRefunded).rawValue
    }
    static func idempotencyKey(_ key: String) -> String { "idempotency/\(key)" }
}
