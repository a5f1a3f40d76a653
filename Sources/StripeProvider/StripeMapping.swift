import PasarelaKit

/// How Stripe's answers become Pasarela's: the one table of the `stripe` module.
///
/// | Stripe says | Pasarela does |
/// |---|---|
/// | PaymentIntent `requires_payment_method`, no `last_payment_error` | `pending` |
/// | PaymentIntent `requires_payment_method` with `last_payment_error` | `failed`, `failure_code` = its `decline_code`, else its `code` |
/// | PaymentIntent `requires_confirmation` | `pending` |
/// | PaymentIntent `requires_action` | `requires_action` |
/// | PaymentIntent `processing` | `processing` |
/// | PaymentIntent `requires_capture` (authorized, `capture_method=manual`) | `processing` |
/// | PaymentIntent `succeeded` | `succeeded`; when `latest_charge` is expanded: `disputed` if `disputed`, else `refunded` if `refunded`, else `partially_refunded` if `amount_refunded` > 0 |
/// | PaymentIntent `canceled` | `canceled` |
/// | PaymentIntent with a status this table lacks | `pending` (in flight, never an outcome) |
/// | error `card_error` carrying a `payment_intent` (HTTP 402) | the payment is created (201) with status `failed`, `failure_code` = `decline_code`, else `code` |
/// | error `card_error` without a `payment_intent`, creating a PaymentIntent | the payment is created (201) with status `failed`, `failure_code` as above, `provider_status` `card_error`, and a `provider_payment_id` of ``declinedPaymentIDPrefix`` + a digest of the call's `Idempotency-Key` (no PaymentIntent exists to name it; the same key gives the same id) |
/// | error `card_error` without a `payment_intent`, any other call | 422 `invalid_request` |
/// | error `invalid_request_error`, HTTP 404 | 404 `not_found` |
/// | error `invalid_request_error`, code `payment_intent_unexpected_state`, `charge_already_refunded` or `charge_disputed` | 409 `invalid_state` |
/// | error `invalid_request_error`, anything else | 422 `invalid_request` |
/// | error `idempotency_error` (or HTTP 409) | 409 `idempotency_conflict` |
/// | HTTP 429 (`rate_limit_error`, `lock_timeout`) | retried `max_network_retries` times, waiting 0.5 s, 1 s, 2 s, … (or a short `Retry-After`); then 502 `provider_error`, retryable |
/// | error `api_error`, HTTP 5xx | 502 `provider_error`, retryable |
/// | timeout, connection failure | 502 `provider_error`, retryable |
/// | HTTP 401/403 (`authentication_error`, `permission_error`), any other answer | 502 `provider_error`, not retryable |
///
/// Webhook events (``StripeWebhookEvents``):
///
/// | Stripe event | normalized event |
/// |---|---|
/// | `payment_intent.succeeded` | `payment.succeeded` |
/// | `payment_intent.payment_failed` | `payment.failed` with the `last_payment_error` code |
/// | `payment_intent.canceled` | `payment.canceled` |
/// | `payment_intent.processing` | `payment.processing` |
/// | `payment_intent.requires_action` | `payment.requires_action` |
/// | `charge.refunded` | `payment.refunded` when the charge is `refunded`, else `payment.partially_refunded`; the refunded amount is `amount_refunded` |
/// | `refund.created`, `refund.updated`, `refund.failed`, `charge.refund.updated` with status `succeeded`, `failed` or `canceled` | the PaymentIntent is read (with `latest_charge`) and gives its event (`payment.refunded`, `payment.partially_refunded`, …) with the refund's update (`succeeded`, or `failed` for both others): the host settles its pending refund with that id |
/// | `refund.*`, `charge.refund.updated` with status `pending` or `requires_action` | none (the refund stays pending) |
/// | `charge.dispute.created` | `payment.disputed` |
/// | any other type | none: acknowledged, never an error |
public enum StripeMapping {
    /// The normalized status of a PaymentIntent object, with its failure code and message.
    public static func payment(fromPaymentIntent intent: JSONValue) throws(PasarelaError) -> ProviderPayment {
        guard let id = intent["id"]?.stringValue, let stripeStatus = intent["status"]?.stringValue else {
            throw PasarelaError.providerUnavailable("Stripe answered with a PaymentIntent without id or status", retryable: false)
        }
        var payment = ProviderPayment(providerPaymentID: id, status: status(of: stripeStatus), providerStatus: stripeStatus)
        payment.amount = money(intent["amount"], currency: intent["currency"])
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
