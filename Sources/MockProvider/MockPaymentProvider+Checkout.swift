import Foundation
import PasarelaKit

/// Hosted checkout: the mock serves the page itself, at `GET /checkout/{instance}/{token}`, and
/// the customer's choice (`POST` of the page's form) moves the payment.
extension MockPaymentProvider {
    func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout {
        let store = context.store
        if let earlier = try await store.load(String.self, forKey: MockPaymentRecord.idempotencyKey(request.idempotencyKey)),
            let record = try await record(earlier),
            let url = try await store.load(String.self, forKey: MockCheckoutSession.urlKey(providerPaymentID: earlier)),
            let sessionKey = try await store.load(String.self, forKey: MockCheckoutSession.key(providerPaymentID: earlier)),
            let session = try await store.load(MockCheckoutSession.self, forKey: sessionKey)
        {
            // The page given before, with the expiry it was opened with (not the retry's).
            return HostedCheckout(payment: snapshot(of: record), url: url, expiresAt: session.expiresAt)
        }
        let record = MockPaymentRecord(
            providerPaymentID: "mock_pay_" + Self.derivedID(request.paymentID), paymentID: request.paymentID,
            amountMinor: request.amount.minor, currency: request.amount.currency.code, status: PaymentStatus.requiresAction.rawValue,
            failureCode: nil, refundedMinor: 0)
        let session = MockCheckoutSession(
            providerPaymentID: record.providerPaymentID, paymentID: request.paymentID, amountMinor: request.amount.minor,
            currency: request.amount.currency.code, description: request.description,
            items: request.lineItems.map { .init(name: $0.name, quantity: $0.quantity, unitMinor: $0.unitAmount.minor) },
            successURL: request.successURL, cancelURL: request.cancelURL, expiresAt: request.expiresAt, outcome: nil)
        let token = MockCheckoutSession.newToken()
        try await store.save(session, forKey: MockCheckoutSession.key(token: token))
        try await store.save(MockCheckoutSession.key(token: token), forKey: MockCheckoutSession.key(providerPaymentID: record.providerPaymentID))
        let url = "\(request.routesURL)/\(token)"
        try await store.save(url, forKey: MockCheckoutSession.urlKey(providerPaymentID: record.providerPaymentID))
        try await store.save(record, forKey: MockPaymentRecord.key(record.providerPaymentID))
        try await store.save(record.providerPaymentID, forKey: MockPaymentRecord.idempotencyKey(request.idempotencyKey))
        return HostedCheckout(payment: snapshot(of: record), url: url, expiresAt: request.expiresAt)
    }

    var routes: [ProviderRoute] {
        [
            ProviderRoute(.get, "/{token}") { request in try await page(token: request.parameters["token"] ?? "") }
                .documented(
                    RouteDocumentation(
                        "The hosted checkout page a customer is sent to (next_action.url)", responseDescription: "The page",
                        contentType: "text/html; charset=utf-8", errors: [404: "No such checkout", 410: "The checkout has ended"])),
            ProviderRoute(.post, "/{token}") { request in
                try await choose(request.formFields()["choice"] ?? "", token: request.parameters["token"] ?? "")
            }
            .documented(
                RouteDocumentation(
                    "The customer's choice: pay, decline or cancel",
                    request: .object([
                        "type": .string("object"), "required": .array([.string("choice")]),
                        "properties": .object(["choice": .object(["enum": .array(["pay", "decline", "cancel"].map(JSONValue.string))])]),
                    ]),
                    requestContentType: "application/x-www-form-urlencoded", status: 303,
                    responseDescription: "Back to the shop: success_url or cancel_url, with ?payment_id=",
                    contentType: "text/html; charset=utf-8",
                    errors: [404: "No such checkout", 409: "Being completed", 410: "The checkout has ended", 422: "Not a choice"])),
        ]
    }

    /// The page for `token`: the checkout while it is open, else why it is not.
    private func page(token: String) async throws -> ProviderRouteResponse {
        switch try await openSession(token: token) {
        case .open(let session, _, _): return .html(status: 200, MockCheckoutPage.checkout(session, instance: context.instanceName))
        case .closed(let response): return response
        }
    }

    /// Applies the customer's `choice` to the open session of `token`: the payment moves, the
    /// session closes, and the customer is sent back to the shop.
    private func choose(_ choice: String, token: String) async throws -> ProviderRouteResponse {
        guard let status = MockCheckoutPage.status(ofChoice: choice) else {
            return .html(status: 422, MockCheckoutPage.notice("Unknown choice", "Choose pay, decline or cancel on the checkout page."))
        }
        guard let claim = choices.claim(token) else {
            return .html(status: 409, MockCheckoutPage.notice("Already in progress", "This checkout is being completed."))
        }
        defer { choices.release(claim) }
        guard case .open(var session, let key, var record) = try await openSession(token: token) else {
            return try await page(token: token)
        }
        session.outcome = choice
        try await context.store.save(session, forKey: key)
        // An open session's payment is still requires_action, which every choice may leave.
        record.status = status.rawValue
        record.failureCode = status == .failed ? "card_declined" : nil
        try await context.store.save(record, forKey: MockPaymentRecord.key(record.providerPaymentID))
        let event = NormalizedEvent(
            id: "evt_mock_checkout_" + String(key.suffix(24)), type: status.eventType, payment: snapshot(of: record),
            paymentID: session.paymentID, occurredAt: context.clock.now())
        return .seeOther(status == .succeeded ? session.successURL : session.cancelURL, events: [event])
    }

    /// What a token stands for.
    private enum SessionState {
        /// Open: the session, where it is kept, and its payment (still `requires_action`).
        case open(MockCheckoutSession, key: String, payment: MockPaymentRecord)
        case closed(ProviderRouteResponse)
    }

    private func openSession(token: String) async throws -> SessionState {
        let key = MockCheckoutSession.key(token: token)
        guard MockCheckoutSession.isWellFormed(token), let session = try await context.store.load(MockCheckoutSession.self, forKey: key) else {
            return .closed(.html(status: 404, MockCheckoutPage.notice("Checkout not found", "This checkout link is not valid.")))
        }
        if session.outcome != nil {
            return .closed(.html(status: 410, MockCheckoutPage.notice("Checkout already used", "This checkout has been completed.")))
        }
        guard let record = try await record(session.providerPaymentID), record.status == PaymentStatus.requiresAction.rawValue else {
            return .closed(.html(status: 410, MockCheckoutPage.notice("Checkout closed", "This payment is no longer waiting to be paid.")))
        }
        guard context.clock.now() < session.expiresAt else {
            return .closed(.html(status: 410, MockCheckoutPage.notice("Checkout expired", "This checkout has expired; nothing was charged.")))
        }
        return .open(session, key: key, payment: record)
    }

    /// A checkout's payment whose page expired unused becomes `canceled` when it is next read
    /// (the host's sweep reads it); `record` as it is otherwise.
    func expiringCheckout(_ record: MockPaymentRecord) async throws -> MockPaymentRecord {
        guard record.status == PaymentStatus.requiresAction.rawValue,
            let key = try await context.store.load(String.self, forKey: MockCheckoutSession.key(providerPaymentID: record.providerPaymentID)),
            var session = try await context.store.load(MockCheckoutSession.self, forKey: key), session.outcome == nil,
            context.clock.now() >= session.expiresAt
        else { return record }
        session.outcome = "expired"
        try await context.store.save(session, forKey: key)
        var expired = record
        expired.status = PaymentStatus.canceled.rawValue
        try await context.store.save(expired, forKey: MockPaymentRecord.key(expired.providerPaymentID))
        return expired
    }
}
