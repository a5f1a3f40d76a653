import Foundation
import PasarelaKit
import Synchronization

/// The endpoints the `stripe` module calls, answering as Stripe does.
extension FakeStripeAPI {
    func createIntent(_ form: [Received.Field]) -> (Int, JSONValue) {
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        guard let amount = field("amount").flatMap(Int64.init), let currency = field("currency") else {
            return (400, Self.error("invalid_request_error", "parameter_missing", "Missing required param: amount or currency."))
        }
        if field("payment_method") == Self.declinedWithoutPaymentIntent, field("confirm") == "true" {
            // Refused before any PaymentIntent exists: the error names none.
            return (
                402,
                Self.error(
                    "card_error", "card_declined", "Your card has insufficient funds.",
                    extra: [
                        "decline_code": .string("insufficient_funds"),
                        "request_log_url": .string("https://dashboard.stripe.com/test/logs/\(nextID("req"))"),
                    ])
            )
        }
        let metadata = Self.metadata(of: form)
        let id = nextID("pi")
        var intent = newIntent(id: id, amount: amount, currency: currency, metadata: metadata, field: field)
        let (status, decline) = Self.outcome(
            method: field("payment_method"), confirm: field("confirm") == "true", captureMethod: field("capture_method"))
        intent["status"] = .string(status)
        if status == "requires_action" { intent["next_action"] = Self.nextAction(paymentIntent: id, returnURL: field("return_url")) }
        if status == "processing" { intent["processing"] = .object(["type": .string("card")]) }
        if status == "succeeded" || status == "requires_capture" || decline != nil {
            let captured = status == "succeeded"
            intent["latest_charge"] = .string(
                storeCharge(
                    of: id, amount: amount, currency: currency, captured: captured, failureCode: decline?.code, metadata: metadata))
            if captured { intent["amount_received"] = .number(String(amount)) }
        }
        if let decline {
            let message = decline.declineCode == "insufficient_funds" ? "Your card has insufficient funds." : "Your card was declined."
            let lastError: JSONValue = .object([
                "type": .string("card_error"), "code": .string(decline.code), "decline_code": .string(decline.declineCode),
                "message": .string(message), "charge": intent["latest_charge"]!,
            ])
            intent["last_payment_error"] = lastError
            state.withLock { $0.intents[id] = intent }
            return (
                402,
                Self.error(
                    "card_error", decline.code, message,
                    extra: ["decline_code": .string(decline.declineCode), "payment_intent": .object(intent), "charge": intent["latest_charge"]!])
            )
        }
        state.withLock { $0.intents[id] = intent }
        return (200, .object(intent))
    }

    /// A PaymentIntent as Stripe's fixture shapes it, with what the create call's form gives.
    func newIntent(
        id: String, amount: Int64, currency: String, metadata: [String: JSONValue], field: (String) -> String?
    ) -> [String: JSONValue] {
        var intent = StripeFixtures.template("payment_intent")
        intent["id"] = .string(id)
        intent["client_secret"] = .string("\(id)_secret_fake")
        intent["amount"] = .number(String(amount))
        intent["amount_received"] = .number("0")
        intent["currency"] = .string(currency)
        intent["created"] = .number(String(created))
        intent["canceled_at"] = .null
        intent["metadata"] = .object(metadata)
        intent["description"] = field("description").map(JSONValue.string) ?? .null
        intent["receipt_email"] = field("receipt_email").map(JSONValue.string) ?? .null
        intent["payment_method"] = field("payment_method").map(JSONValue.string) ?? .null
        intent["capture_method"] = .string(field("capture_method") ?? "automatic_async")
        intent["automatic_payment_methods"] = field("automatic_payment_methods[enabled]").map { .object(["enabled": .bool($0 == "true")]) } ?? .null
        for empty in ["last_payment_error", "latest_charge", "next_action", "processing"] { intent[empty] = .null }
        return intent
    }

    /// What a PaymentIntent that needs 3-D Secure asks for: with a `return_url`, a redirect to
    /// Stripe's authentication page; without one, Stripe.js.
    static func nextAction(paymentIntent id: String, returnURL: String?) -> JSONValue {
        guard let returnURL else { return .object(["type": .string("use_stripe_sdk"), "use_stripe_sdk": .object([:])]) }
        return .object([
            "type": .string("redirect_to_url"),
            "redirect_to_url": .object([
                "url": .string("https://hooks.stripe.com/3d_secure_2/hosted?merchant=acct_fake&payment_intent=\(id)"),
                "return_url": .string(returnURL),
            ]),
        ])
    }

    /// The status a PaymentIntent created with `method` reaches, as Stripe's test cards make it,
    /// and the decline it carries.
    static func outcome(method: String?, confirm: Bool, captureMethod: String?) -> (status: String, decline: (code: String, declineCode: String)?) {
        guard let method else { return ("requires_payment_method", nil) }
        guard confirm else { return ("requires_confirmation", nil) }
        switch method {
        case "pm_card_chargeDeclined": return ("requires_payment_method", ("card_declined", "generic_decline"))
        case "pm_card_chargeDeclinedInsufficientFunds": return ("requires_payment_method", ("card_declined", "insufficient_funds"))
        case "pm_card_authenticationRequired": return ("requires_action", nil)
        case "pm_fake_processing": return ("processing", nil)
        default: return (captureMethod == "manual" ? "requires_capture" : "succeeded", nil)
        }
    }

    /// Stores the charge of PaymentIntent `intentID` (failed when `failureCode` is given) and returns its id.
    func storeCharge(
        of intentID: String, amount: Int64, currency: String, captured: Bool, failureCode: String?, metadata: [String: JSONValue]
    ) -> String {
        let chargeID = nextID("ch")
        var charge = StripeFixtures.template("charge")
        charge["id"] = .string(chargeID)
        charge["amount"] = .number(String(amount))
        charge["amount_captured"] = .number(captured ? String(amount) : "0")
        charge["amount_refunded"] = .number("0")
        charge["refunded"] = .bool(false)
        charge["disputed"] = .bool(false)
        charge["captured"] = .bool(captured)
        charge["paid"] = .bool(failureCode == nil)
        charge["status"] = .string(failureCode == nil ? "succeeded" : "failed")
        charge["failure_code"] = failureCode.map(JSONValue.string) ?? .null
        charge["currency"] = .string(currency)
        charge["payment_intent"] = .string(intentID)
        charge["metadata"] = .object(metadata)
        charge["created"] = .number(String(created))
        state.withLock { $0.charges[chargeID] = charge }
        return chargeID
    }

    func readIntent(_ id: String, query: String?) -> (Int, JSONValue) {
        state.withLock { state in
            guard var intent = state.intents[id] else {
                return (404, Self.error("invalid_request_error", "resource_missing", "No such payment_intent: '\(id)'"))
            }
            let expand = Self.decodeForm(query ?? "").contains { $0.name == "expand[]" && $0.value == "latest_charge" }
            if expand, let chargeID = intent["latest_charge"]?.stringValue, let charge = state.charges[chargeID] {
                intent["latest_charge"] = .object(charge)
            }
            return (200, .object(intent))
        }
    }

    func cancelIntent(_ id: String) -> (Int, JSONValue) {
        state.withLock { state in
            guard var intent = state.intents[id] else {
                return (404, Self.error("invalid_request_error", "resource_missing", "No such payment_intent: '\(id)'"))
            }
            let status = intent["status"]?.stringValue ?? ""
            let cancelable = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"]
            guard cancelable.contains(status) else {
                let message = "You cannot cancel this PaymentIntent because it has a status of \(status)."
                return (
                    400,
                    Self.error("invalid_request_error", "payment_intent_unexpected_state", message, extra: ["payment_intent": .object(intent)])
                )
            }
            intent["status"] = .string("canceled")
            intent["canceled_at"] = .number(String(created))
            state.intents[id] = intent
            return (200, .object(intent))
        }
    }

    func refund(_ form: [Received.Field]) -> (Int, JSONValue) {
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        let refundID = nextID("re")
        return state.withLock { state in
            guard let intentID = field("payment_intent"), let intent = state.intents[intentID] else {
                return (404, Self.error("invalid_request_error", "resource_missing", "No such payment_intent"))
            }
            guard intent["status"]?.stringValue == "succeeded", let chargeID = intent["latest_charge"]?.stringValue,
                var charge = state.charges[chargeID], let total = charge["amount"]?.int64Value,
                let refunded = charge["amount_refunded"]?.int64Value
            else {
                return (400, Self.error("invalid_request_error", nil, "This PaymentIntent does not have a successful charge to refund."))
            }
            guard refunded < total else {
                return (400, Self.error("invalid_request_error", "charge_already_refunded", "Charge \(chargeID) has already been refunded."))
            }
            let amount = field("amount").flatMap(Int64.init) ?? (total - refunded)
            guard amount > 0, amount <= total - refunded else {
                return (400, Self.error("invalid_request_error", "amount_too_large", "Refund amount is greater than what remains."))
            }
            charge["amount_refunded"] = .number(String(refunded + amount))
            charge["refunded"] = .bool(refunded + amount == total)
            state.charges[chargeID] = charge
            let metadata = Self.metadata(of: form)
            var refund = StripeFixtures.template("refund")
            refund["id"] = .string(refundID)
            refund["amount"] = .number(String(amount))
            refund["charge"] = .string(chargeID)
            refund["currency"] = intent["currency"] ?? .null
            refund["payment_intent"] = .string(intentID)
            refund["metadata"] = .object(metadata)
            refund["reason"] = field("reason").map(JSONValue.string) ?? .null
            refund["created"] = .number(String(created))
            refund["status"] = .string(intent["payment_method"]?.stringValue == "pm_card_pendingRefund" ? "pending" : "succeeded")
            state.refunds[refundID] = refund
            return (200, .object(refund))
        }
    }

    /// The `metadata[key]=value` fields of a form (or those under another `prefix`), as an object.
    static func metadata(of form: [Received.Field], prefix: String = "metadata[") -> [String: JSONValue] {
        var metadata: [String: JSONValue] = [:]
        for entry in form where entry.name.hasPrefix(prefix) && entry.name.hasSuffix("]") {
            metadata[String(entry.name.dropFirst(prefix.count).dropLast())] = .string(entry.value)
        }
        return metadata
    }
}
