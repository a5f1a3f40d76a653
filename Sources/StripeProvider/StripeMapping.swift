import PasarelaKit

/// How Stripe's answers and webhook events become Pasarela's statuses, errors and normalized
/// events. The table of what maps to what is in `docs/providers.md` ("The Stripe provider"), its
/// one place: change it with this code.
public enum StripeMapping {
    /// The normalized status of a PaymentIntent object, with its failure code and message.
    public static func payment(fromPaymentIntent intent: JSONValue) throws(PasarelaError) -> ProviderPayment {
        guard let id = intent["id"]?.stringValue, let stripeStatus = intent["status"]?.stringValue else {
            throw PasarelaError.providerUnavailable("Stripe answered with a PaymentIntent without id or status", retryable: false)
        }
        var payment = ProviderPayment(providerPaymentID: id, status: status(of: stripeStatus), providerStatus: stripeStatus)
        payment.amount = money(intent["amount"], currency: intent["currency"])
        if stripeStatus == "requires_action" { payment.nextAction = nextAction(of: intent) }
        let lastError = intent["last_payment_error"].flatMap { $0.isNull ? nil : $0 }
        if stripeStatus == "requires_payment_method", let lastError {
            payment.status = .failed
            payment.failureCode = failureCode(of: lastError)
            payment.failureMessage = lastError["message"]?.stringValue
        }
        if let charge = intent["latest_charge"], charge.objectValue != nil {
            let refunded = charge["amount_refunded"]?.int64Value ?? 0
            if let currency = intent["currency"]?.stringValue.flatMap({ try? Currency(code: $0) }) {
                payment.refundedMinor = StripeAmount.money(stripeAmount: refunded, currency: currency).minor
            }
            if stripeStatus == "succeeded" {
                if charge["disputed"]?.boolValue == true {
                    payment.status = .disputed
                } else if charge["refunded"]?.boolValue == true {
                    payment.status = .refunded
                } else if refunded > 0 {
                    payment.status = .partiallyRefunded
                }
            }
        }
        return payment
    }

    /// What a `requires_action` PaymentIntent asks of the customer: a page to visit
    /// (`redirect_to_url`, 3-D Secure when the PaymentIntent was confirmed with a `return_url`),
    /// else a flow for Stripe.js with the PaymentIntent's `client_secret` (`use_stripe_sdk` and
    /// every other type).
    static func nextAction(of intent: JSONValue) -> NextAction? {
        let action = intent["next_action"]
        if action?["type"]?.stringValue == "redirect_to_url", let url = action?["redirect_to_url"]?["url"]?.stringValue {
            return .redirect(to: url, expiresAt: nil)
        }
        return intent["client_secret"]?.stringValue.map { .providerSDK(clientSecret: $0) }
    }

    /// An object's `amount` in its `currency`, when it has both.
    static func money(_ amount: JSONValue?, currency: JSONValue?) -> Money? {
        guard let amount = amount?.int64Value, let currency = currency?.stringValue.flatMap({ try? Currency(code: $0) }) else {
            return nil
        }
        return StripeAmount.money(stripeAmount: amount, currency: currency)
    }

    /// The normalized status for a PaymentIntent status, ignoring `last_payment_error`.
    public static func status(of paymentIntentStatus: String) -> PaymentStatus {
        switch paymentIntentStatus {
        case "requires_payment_method", "requires_confirmation": return .pending
        case "requires_action": return .requiresAction
        case "processing", "requires_capture": return .processing
        case "succeeded": return .succeeded
        case "canceled": return .canceled
        default: return .pending
        }
    }

    /// A decline's `failure_code`: Stripe's `decline_code`, else its `code`.
    static func failureCode(of error: JSONValue) -> String? {
        error["decline_code"]?.stringValue ?? error["code"]?.stringValue
    }

    /// What a non-2xx answer means.
    enum Failure: Equatable {
        /// The card was declined and a PaymentIntent exists: an outcome, not an error.
        case declined(ProviderPayment)
        /// Give up with this error.
        case error(PasarelaError)
    }

    /// How the `provider_payment_id` of a payment declined before Stripe made a PaymentIntent
    /// begins; such a payment has nothing to read back from Stripe.
    public static let declinedPaymentIDPrefix = "declined_"

    /// The `provider_payment_id` of a payment whose creation with `idempotencyKey` was declined
    /// without a PaymentIntent: the same key always gives the same id.
    static func declinedPaymentID(idempotencyKey: String) -> String {
        declinedPaymentIDPrefix + HMACSHA256.hex(key: "stripe-declined-payment", message: Array(idempotencyKey.utf8)).prefix(24)
    }

    /// Reads a non-2xx answer of `operation` (`POST /v1/refunds`) per the table above. (429s are
    /// retried by ``ProviderAPIClient`` before they get here; one that does is a retryable error.)
    ///
    /// - Parameter declinedPaymentID: the id a declined payment gets when Stripe answers a
    ///   `card_error` without a PaymentIntent; `nil` (all calls but creating a PaymentIntent)
    ///   makes such an answer a 422.
    static func failure(status: Int, body: [UInt8], operation: String, declinedPaymentID: String? = nil) -> Failure {
        let error = (try? JSONValue.parse(body))?["error"]
        let type = error?["type"]?.stringValue
        let code = error?["code"]?.stringValue
        // Stripe's message for a refused key quotes part of the key: not repeated.
        let message = status == 401 || status == 403 || type == "authentication_error" ? nil : error?["message"]?.stringValue
        let detail = [type, code, message].compactMap { $0 }.joined(separator: ": ")
        let said = "Stripe answered \(operation) with HTTP \(status)" + (detail.isEmpty ? "" : " (\(detail))")
        if status == 429 || status >= 500 || type == "api_error" || type == "rate_limit_error" {
            return .error(.providerUnavailable(said, retryable: true))
        }
        switch type {
        case "card_error":
            if let error, let intent = error["payment_intent"], intent.objectValue != nil,
                var payment = try? Self.payment(fromPaymentIntent: intent)
            {
                payment.status = .failed
                payment.failureCode = failureCode(of: error) ?? payment.failureCode
                payment.failureMessage = error["message"]?.stringValue ?? payment.failureMessage
                return .declined(payment)
            }
            if let error, let declinedPaymentID {
                return .declined(
                    ProviderPayment(
                        providerPaymentID: declinedPaymentID, status: .failed, providerStatus: "card_error",
                        failureCode: failureCode(of: error), failureMessage: error["message"]?.stringValue))
            }
            return .error(PasarelaError(.invalidRequest, said))
        case "idempotency_error":
            return .error(PasarelaError(.idempotencyConflict, said))
        case "invalid_request_error":
            if status == 404 { return .error(PasarelaError(.notFound, said)) }
            if let code, ["payment_intent_unexpected_state", "charge_already_refunded", "charge_disputed"].contains(code) {
                return .error(PasarelaError(.invalidState, said))
            }
            return .error(PasarelaError(.invalidRequest, said))
        default:
            if status == 409 { return .error(PasarelaError(.idempotencyConflict, said)) }
            return .error(.providerUnavailable(said, retryable: false))
        }
    }
}
