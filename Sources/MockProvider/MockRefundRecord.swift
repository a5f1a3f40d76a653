/// What the mock provider remembers of one refund, kept in its module store.
struct MockRefundRecord: Codable, Sendable {
    var providerRefundID: String
    var providerPaymentID: String
    var amountMinor: Int64
    /// A ``PasarelaKit/RefundStatus`` raw value.
    var status: String

    static func key(_ providerRefundID: String) -> String { "refund-record/\(providerRefundID)" }
    /// Where the id of the refund made with an idempotency key is kept.
    static func idempotencyKey(_ key: String) -> String { "refund/\(key)" }
}
