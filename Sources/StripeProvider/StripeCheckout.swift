import Foundation
import PasarelaKit

/// Stripe Checkout Sessions: the form that opens one, and what a session object says of its
/// payment. A payment opened this way has the session's id (`cs_…`) until the customer pays;
/// from then on it has the session's PaymentIntent (`pi_…`), which refunds and disputes name.
enum StripeCheckout {
    /// How the ids of Checkout Sessions begin.
    static let sessionPrefix = "cs_"
    /// Stripe takes a session's `expires_at` between 30 minutes and 24 hours after its creation.
    static let expiryRange: ClosedRange<Int> = 1_800...86_400
    /// How much later than asked a session may expire, so that a 30-minute checkout is not refused
    /// for the time the request takes to reach Stripe.
    static let expiryMargin = 60

    /// Whether `providerPaymentID` names a Checkout Session rather than a PaymentIntent.
    static func isSession(_ providerPaymentID: String) -> Bool {
        providerPaymentID.hasPrefix(sessionPrefix)
    }

    /// The form of `POST /v1/checkout/sessions` for `request`, opened at `now`.
    static func sessionForm(for request: CheckoutRequest, now: Date) throws(PasarelaError) -> StripeForm {
        var form = StripeForm()
        form.add("mode", "payment")
        form.add("success_url", request.successURL)
        form.add("cancel_url", request.cancelURL)
        form.add("client_reference_id", request.paymentID)
        form.add("customer_email", request.customer?.email)
        form.add("expires_at", String(try expiresAt(request.expiresAt, now: now)))
        for (index, item) in request.itemsOrWholeAmount.enumerated() {
            let prefix = "line_items[\(index)]"
            form.add("\(prefix)[quantity]", String(item.quantity))
            form.add("\(prefix)[price_data][currency]", item.unitAmount.currency.code.lowercased())
            form.add("\(prefix)[price_data][unit_amount]", String(try StripeAmount.stripeAmount(for: item.unitAmount)))
            form.add("\(prefix)[price_data][product_data][name]", item.name)
        }
        let metadata = try StripePaymentProvider.metadata(request.metadata, paymentID: request.paymentID)
        form.add("metadata", dictionary: metadata)
        form.add("payment_intent_data[description]", request.description)
        form.add("payment_intent_data[metadata]", dictionary: metadata)
        return form
    }

    /// The `expires_at` to send: the asked time, rounded up to the second and at least
    /// ``expiryMargin`` past Stripe's 30 minutes; a 422 for an expiry Stripe cannot honour.
    static func expiresAt(_ asked: Date, now: Date) throws(PasarelaError) -> Int64 {
        let seconds = Int((asked.timeIntervalSince(now)).rounded())
        guard expiryRange.contains(seconds) else {
            throw PasarelaError(
                .invalidRequest,
                "checkout.expires_in_seconds: Stripe Checkout Sessions expire 30 minutes to 24 hours after they open (1800–86400), not \(seconds)"
            )
        }
        let earliest = Int64(now.timeIntervalSince1970.rounded(.up)) + Int64(expiryRange.lowerBound + expiryMargin)
        return max(Int64(asked.timeIntervalSince1970.rounded(.up)), earliest)
    }

    /// What a Checkout Session says of its payment: `open` → `requires_action`, `expired` →
    /// `canceled`, `complete` → its PaymentIntent's status when the session carries the object
    /// (expanded), else `succeeded` when paid and `processing` while an asynchronous payment
    /// method settles. A completed session's payment takes the PaymentIntent's id.
    static func payment(fromSession session: JSONValue) throws(PasarelaError) -> ProviderPayment {
        guard let id = session["id"]?.stringValue, let status = session["status"]?.stringValue else {
            throw PasarelaError.providerUnavailable("Stripe answered with a Checkout Session without id or status", retryable: false)
        }
        let amount = StripeMapping.money(session["amount_total"], currency: session["currency"])
        switch status {
        case "open":
            return ProviderPayment(providerPaymentID: id, status: .requiresAction, providerStatus: "open", amount: amount)
        case "expired":
            return ProviderPayment(providerPaymentID: id, status: .canceled, providerStatus: "expired", amount: amount)
        default:
            if let intent = session["payment_intent"], intent.objectValue != nil {
                var payment = try StripeMapping.payment(fromPaymentIntent: intent)
                payment.replacesProviderPaymentID = id
                return payment
            }
            let paid = ["paid", "no_payment_required"].contains(session["payment_status"]?.stringValue ?? "")
            var payment = ProviderPayment(
                providerPaymentID: session["payment_intent"]?.stringValue ?? id, status: paid ? .succeeded : .processing,
                providerStatus: session["payment_status"]?.stringValue ?? status, amount: amount)
            if payment.providerPaymentID != id { payment.replacesProviderPaymentID = id }
            return payment
        }
    }
}
