import Foundation
import PasarelaKit

/// The JSON shape of a payment, as docs/api.md fixes it (absent values are `null`), with its
/// `refunds` when they were read (`GET /payments/{id}`).
struct PaymentResource: Encodable {
    let payment: Payment
    var refunds: [Refund]? = nil

    enum CodingKeys: String, CodingKey {
        case id, provider, status, amount, currency, description, metadata, customer, refunds
        case providerPaymentID = "provider_payment_id"
        case amountMinor = "amount_minor"
        case refundedMinor = "refunded_minor"
        case failureCode = "failure_code"
        case failureMessage = "failure_message"
        case providerStatus = "provider_status"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(payment.id, forKey: .id)
        try container.encode(payment.instance, forKey: .provider)
        try container.encode(payment.providerPaymentID, forKey: .providerPaymentID)
        try container.encode(payment.status, forKey: .status)
        try container.encode(payment.amount.decimalString, forKey: .amount)
        try container.encode(payment.amount.minor, forKey: .amountMinor)
        try container.encode(payment.amount.currency.code, forKey: .currency)
        try container.encode(payment.refundedMinor, forKey: .refundedMinor)
        try container.encode(payment.description, forKey: .description)
        try container.encode(payment.metadata, forKey: .metadata)
        try container.encode(payment.customer, forKey: .customer)
        try container.encode(payment.failureCode, forKey: .failureCode)
        try container.encode(payment.failureMessage, forKey: .failureMessage)
        try container.encode(payment.providerStatus, forKey: .providerStatus)
        try container.encode(ISOTimestamp.format(payment.createdAt), forKey: .createdAt)
        try container.encode(ISOTimestamp.format(payment.updatedAt), forKey: .updatedAt)
        try container.encodeIfPresent(refunds?.map(RefundResource.init), forKey: .refunds)
    }
}

/// The JSON shape of a refund.
struct RefundResource: Encodable {
    let refund: Refund

    enum CodingKeys: String, CodingKey {
        case id, status, amount, currency, reason
        case paymentID = "payment_id"
        case providerRefundID = "provider_refund_id"
        case amountMinor = "amount_minor"
        case createdAt = "created_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(refund.id, forKey: .id)
        try container.encode(refund.paymentID, forKey: .paymentID)
        try container.encode(refund.providerRefundID, forKey: .providerRefundID)
        try container.encode(refund.status, forKey: .status)
        try container.encode(refund.amount.decimalString, forKey: .amount)
        try container.encode(refund.amount.minor, forKey: .amountMinor)
        try container.encode(refund.amount.currency.code, forKey: .currency)
        try container.encode(refund.reason, forKey: .reason)
        try container.encode(ISOTimestamp.format(refund.createdAt), forKey: .createdAt)
    }
}

/// A page of a list: `{"data": [...], "next_cursor": "…" | null}`.
struct ListPage<Item: Encodable>: Encodable {
    let data: [Item]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
