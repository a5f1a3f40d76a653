import Foundation
import PasarelaKit

/// The JSON shape of a payment, as docs/api.md fixes it (absent values are `null`), with its
/// `refunds` when they were read (`GET /payments/{id}`).
struct PaymentResource: Encodable {
    let payment: Payment
    var refunds: [Refund]? = nil

    /// The resource as a JSON value, for what embeds a payment in a larger document (event-bus
    /// copies, the event catalog's examples).
    var json: JSONValue {
        get throws { try JSONValue.parse(try JSONBody.encode(self)) }
    }

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
        case nextAction = "next_action"
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
        // Only a payment waiting for its customer has one to follow.
        let nextAction = payment.status == .requiresAction ? payment.nextAction : nil
        try container.encode(nextAction.map(NextActionResource.init), forKey: .nextAction)
        try container.encodeIfPresent(refunds?.map(RefundResource.init), forKey: .refunds)
    }
}

/// The JSON shape of a next action: `{"type", "url", "expires_at"}` for a redirect,
/// `{"type", "client_secret"}` for the provider's SDK.
struct NextActionResource: Encodable {
    let action: NextAction

    enum CodingKeys: String, CodingKey {
        case type, url
        case expiresAt = "expires_at"
        case clientSecret = "client_secret"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action.type.rawValue, forKey: .type)
        try container.encodeIfPresent(action.url, forKey: .url)
        try container.encodeIfPresent(action.expiresAt.map(ISOTimestamp.format), forKey: .expiresAt)
        try container.encodeIfPresent(action.clientSecret, forKey: .clientSecret)
    }
}

/// The JSON shape of a payment's normalized event (`GET /payments/{id}/events`).
struct PaymentEventResource: Encodable {
    let event: PaymentEventRecord

    enum CodingKeys: String, CodingKey {
        case id, type, status, source
        case paymentID = "payment_id"
        case previousStatus = "previous_status"
        case providerEventID = "provider_event_id"
        case occurredAt = "occurred_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event.id, forKey: .id)
        try container.encode(event.paymentID, forKey: .paymentID)
        try container.encode(event.type.rawValue, forKey: .type)
        try container.encode(event.status, forKey: .status)
        try container.encode(event.previousStatus, forKey: .previousStatus)
        try container.encode(event.source.rawValue, forKey: .source)
        try container.encode(event.providerEventID, forKey: .providerEventID)
        try container.encode(ISOTimestamp.format(event.occurredAt), forKey: .occurredAt)
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
