import Foundation
import PasarelaKit
import Synchronization

/// Checkout Sessions, as Stripe answers them (API versions since 2022-08-01: the PaymentIntent is
/// made when the customer pays, so an open session names none), and the customer's side of them.
extension FakeStripeAPI {
    func createSession(_ form: [Received.Field]) -> (Int, JSONValue) {
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        guard field("mode") == "payment", let success = field("success_url"), let cancel = field("cancel_url") else {
            return (400, Self.error("invalid_request_error", "parameter_missing", "Missing required param: mode, success_url or cancel_url."))
        }
        let items = Self.lineItems(of: form)
        let currencies = Set(items.map(\.currency))
        guard !items.isEmpty, currencies.count == 1, let currency = currencies.first else {
            return (400, Self.error("invalid_request_error", "parameter_invalid", "line_items need one currency and a price_data each."))
        }
        guard let expiresAt = field("expires_at").flatMap(Int.init), (created + 1_800...created + 86_400).contains(expiresAt) else {
            let message = "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation."
            return (400, Self.error("invalid_request_error", "parameter_invalid_integer", message, extra: ["param": .string("expires_at")]))
        }
        let id = nextID("cs_test")
        let total = items.reduce(Int64(0)) { $0 + $1.quantity * $1.unitAmount }
        var session = StripeFixtures.template("checkout_session")
        session["id"] = .string(id)
        session["url"] = .string("https://checkout.stripe.com/c/pay/\(id)")
        session["status"] = .string("open")
        session["payment_status"] = .string("unpaid")
        session["payment_intent"] = .null
        session["amount_total"] = .number(String(total))
        session["amount_subtotal"] = .number(String(total))
        session["currency"] = .string(currency)
        session["created"] = .number(String(created))
        session["expires_at"] = .number(String(expiresAt))
        session["success_url"] = .string(success)
        session["cancel_url"] = .string(cancel)
        session["client_reference_id"] = field("client_reference_id").map(JSONValue.string) ?? .null
        session["customer_email"] = field("customer_email").map(JSONValue.string) ?? .null
        session["metadata"] = .object(Self.metadata(of: form))
        // Kept for the PaymentIntent the session makes; Stripe does not show it on the session.
        session["payment_intent_data"] = .object(Self.metadata(of: form, prefix: "payment_intent_data[metadata]["))
        state.withLock { $0.sessions[id] = session }
        return (200, .object(Self.shown(session)))
    }

    func readSession(_ id: String, query: String?) -> (Int, JSONValue) {
        guard let session = state.withLock({ $0.sessions[id] }) else {
            return (404, Self.error("invalid_request_error", "resource_missing", "No such checkout.session: '\(id)'"))
        }
        var shown = Self.shown(session)
        let expand = Self.decodeForm(query ?? "").filter { $0.name == "expand[]" }.map(\.value)
        if let intentID = session["payment_intent"]?.stringValue, expand.contains(where: { $0.hasPrefix("payment_intent") }) {
            let withCharge = expand.contains("payment_intent.latest_charge") ? "expand%5B%5D=latest_charge" : nil
            if case (200, let intent) = readIntent(intentID, query: withCharge) { shown["payment_intent"] = intent }
        }
        return (200, .object(shown))
    }

    func expireSession(_ id: String) -> (Int, JSONValue) {
        state.withLock { state in
            guard var session = state.sessions[id] else {
                return (404, Self.error("invalid_request_error", "resource_missing", "No such checkout.session: '\(id)'"))
            }
            guard session["status"]?.stringValue == "open" else {
                let message = "Only Checkout Sessions with a status of `open` can be expired."
                return (400, Self.error("invalid_request_error", "checkout_session_unexpected_state", message))
            }
            session["status"] = .string("expired")
            state.sessions[id] = session
            return (200, .object(Self.shown(session)))
        }
    }

    /// Plays the customer paying on session `id`'s page: a PaymentIntent is made with the
    /// session's `payment_intent_data`, succeeded (`paid`) or still processing (an asynchronous
    /// payment method), and the session completes. Returns the session, for a
    /// `checkout.session.completed` event; `nil` unless the session is open.
    @discardableResult
    public func completeSession(_ id: String, paid: Bool = true) -> JSONValue? {
        guard let session = state.withLock({ $0.sessions[id] }), session["status"]?.stringValue == "open",
            let amount = session["amount_total"]?.int64Value, let currency = session["currency"]?.stringValue
        else { return nil }
        let intentID = nextID("pi")
        var intent = newIntent(
            id: intentID, amount: amount, currency: currency, metadata: session["payment_intent_data"]?.objectValue ?? [:],
            field: { _ in nil })
        intent["status"] = .string("processing")
        state.withLock { $0.intents[intentID] = intent }
        if paid { confirm(paymentIntent: intentID) }
        return state.withLock { state -> JSONValue? in
            guard var session = state.sessions[id] else { return nil }
            session["status"] = .string("complete")
            session["payment_status"] = .string(paid ? "paid" : "unpaid")
            session["payment_intent"] = .string(intentID)
            state.sessions[id] = session
            return .object(Self.shown(session))
        }
    }

    /// Settles the asynchronous payment of completed session `id`: it succeeds (`paid`) or its
    /// PaymentIntent goes back to `requires_payment_method`. Returns the session, for a
    /// `checkout.session.async_payment_succeeded` or `…_failed` event.
    @discardableResult
    public func settleSessionPayment(_ id: String, succeeded: Bool) -> JSONValue? {
        guard let intentID = state.withLock({ $0.sessions[id]?["payment_intent"]?.stringValue }) else { return nil }
        if succeeded {
            confirm(paymentIntent: intentID)
        } else {
            state.withLock { $0.intents[intentID]?["status"] = .string("requires_payment_method") }
        }
        return state.withLock { state -> JSONValue? in
            guard var session = state.sessions[id] else { return nil }
            if succeeded { session["payment_status"] = .string("paid") }
            state.sessions[id] = session
            return .object(Self.shown(session))
        }
    }

    /// Lets session `id`'s time run out, as Stripe does at its `expires_at`. Returns the session,
    /// for a `checkout.session.expired` event.
    @discardableResult
    public func letSessionExpire(_ id: String) -> JSONValue? {
        guard case (200, let session) = expireSession(id) else { return nil }
        return session
    }

    /// Checkout Session `id` as the fake holds it now.
    public func checkoutSession(_ id: String) -> JSONValue? {
        state.withLock { $0.sessions[id].map { .object(Self.shown($0)) } }
    }

    /// A session as Stripe shows it (without what the fake keeps for itself).
    private static func shown(_ session: [String: JSONValue]) -> [String: JSONValue] {
        session.filter { $0.key != "payment_intent_data" }
    }

    private struct LineItem {
        var quantity: Int64
        var currency: String
        var unitAmount: Int64
    }

    /// The `line_items[i][…]` of a form, in order; an item without quantity, currency or
    /// unit amount is left out.
    private static func lineItems(of form: [Received.Field]) -> [LineItem] {
        var items: [Int: [String: String]] = [:]
        for entry in form where entry.name.hasPrefix("line_items[") {
            let rest = entry.name.dropFirst("line_items[".count)
            guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]) else { continue }
            items[index, default: [:]][String(rest[rest.index(after: close)...])] = entry.value
        }
        return items.keys.sorted().compactMap { index in
            let item = items[index]!
            guard let quantity = item["[quantity]"].flatMap(Int64.init), let currency = item["[price_data][currency]"],
                let unit = item["[price_data][unit_amount]"].flatMap(Int64.init), item["[price_data][product_data][name]"] != nil
            else { return nil }
            return LineItem(quantity: quantity, currency: currency, unitAmount: unit)
        }
    }
}
