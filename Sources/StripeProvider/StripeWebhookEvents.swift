import Foundation
import PasarelaKit

/// Turns a verified Stripe event into normalized events, per the webhook table in
/// ``StripeMapping``. Unknown types, and objects that name no PaymentIntent, give none.
enum StripeWebhookEvents {
    /// Reads a PaymentIntent from Stripe, for events whose object alone does not tell the status.
    /// Reads a PaymentIntent; `nil` when Stripe does not know it.
    typealias Fetch = @Sendable (_ paymentIntentID: String) async throws -> ProviderPayment?

    static func normalize(_ event: JSONValue, fetch: Fetch) async throws -> [NormalizedEvent] {
        guard let id = event["id"]?.stringValue, let type = event["type"]?.stringValue,
            let object = event["data"]?["object"], object.objectValue != nil
        else {
            throw PasarelaError(.invalidRequest, "a Stripe event needs id, type and data.object")
        }
        let occurredAt = event["created"]?.int64Value.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date(timeIntervalSince1970: 0)
        let paymentID =
            object["metadata"]?[StripePaymentProvider.paymentIDMetadataKey]?.stringValue ?? object["client_reference_id"]?.stringValue
        func normalized(_ payment: ProviderPayment, refund: ProviderRefund? = nil) -> [NormalizedEvent] {
            [
                NormalizedEvent(
                    id: id, type: payment.status.eventType, payment: payment, paymentID: paymentID, occurredAt: occurredAt, refund: refund)
            ]
        }
        switch type {
        case "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled",
            "payment_intent.processing", "payment_intent.requires_action":
            var payment = try StripeMapping.payment(fromPaymentIntent: object)
            payment.status = paymentIntentEvents[type]!
            if payment.status == .failed, let lastError = object["last_payment_error"], !lastError.isNull {
                payment.failureCode = StripeMapping.failureCode(of: lastError)
                payment.failureMessage = lastError["message"]?.stringValue
            }
            return normalized(payment)
        case "checkout.session.completed", "checkout.session.expired", "checkout.session.async_payment_succeeded",
            "checkout.session.async_payment_failed":
            return normalized(try checkoutSessionPayment(type, object))
        case "charge.refunded":
            guard let intent = object["payment_intent"]?.stringValue, let amountRefunded = object["amount_refunded"]?.int64Value,
                let currency = object["currency"]?.stringValue.flatMap({ try? Currency(code: $0) })
            else { return [] }
            let fully = object["refunded"]?.boolValue == true
            return normalized(
                ProviderPayment(
                    providerPaymentID: intent, status: fully ? .refunded : .partiallyRefunded,
                    providerStatus: object["status"]?.stringValue ?? "succeeded",
                    refundedMinor: StripeAmount.money(stripeAmount: amountRefunded, currency: currency).minor,
                    amount: StripeMapping.money(object["amount"], currency: object["currency"])))
        case "refund.created", "refund.updated", "refund.failed", "charge.refund.updated":
            let status = StripePaymentProvider.refundStatus(object["status"]?.stringValue)
            guard status != .pending, let refundID = object["id"]?.stringValue, let intent = object["payment_intent"]?.stringValue,
                let payment = try await fetch(intent)
            else { return [] }
            return normalized(payment, refund: ProviderRefund(providerRefundID: refundID, status: status))
        case "charge.dispute.created":
            guard let intent = object["payment_intent"]?.stringValue else { return [] }
            return normalized(
                ProviderPayment(
                    providerPaymentID: intent, status: .disputed, providerStatus: object["status"]?.stringValue ?? "disputed"))
        default:
            return []
        }
    }

    /// The payment a `checkout.session.*` event of `type` tells of `session`.
    static func checkoutSessionPayment(_ type: String, _ session: JSONValue) throws(PasarelaError) -> ProviderPayment {
        var payment = try StripeCheckout.payment(fromSession: session)
        if let announced = checkoutSessionEvents[type] { payment.status = announced }
        if payment.status == .failed {
            payment.failureCode = "async_payment_failed"
            payment.failureMessage = "the payment method the customer chose at checkout failed to settle"
        }
        return payment
    }

    /// The status the `checkout.session.*` events that settle an asynchronous payment announce;
    /// `completed` and `expired` say it with the session's own `status` and `payment_status`.
    static let checkoutSessionEvents: [String: PaymentStatus] = [
        "checkout.session.async_payment_succeeded": .succeeded,
        "checkout.session.async_payment_failed": .failed,
    ]

    /// The status each `payment_intent.*` event announces, whatever the object's own status says
    /// (a failed attempt leaves the PaymentIntent in `requires_payment_method`).
    static let paymentIntentEvents: [String: PaymentStatus] = [
        "payment_intent.succeeded": .succeeded,
        "payment_intent.payment_failed": .failed,
        "payment_intent.canceled": .canceled,
        "payment_intent.processing": .processing,
        "payment_intent.requires_action": .requiresAction,
    ]
}
