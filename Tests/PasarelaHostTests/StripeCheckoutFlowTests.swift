import FakeStripeAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import StripeProvider
import Testing

/// Stripe Checkout through the host: `POST /payments` with `checkout`, the session's webhooks,
/// the switch to the PaymentIntent, expiry, and 3-D Secure next actions.
@Suite("Stripe checkout through the host")
struct StripeCheckoutFlowTests {
    static let checkoutBody =
        #"{"amount":"25.00","currency":"USD","description":"Dinner for two","checkout":{"success_url":"https://shop.example/thanks","#
        + #""cancel_url":"https://shop.example/cart","expires_in_seconds":3600,"#
        + #""line_items":[{"name":"Menu","quantity":2,"unit_amount":"10.00"},{"name":"Wine","quantity":1,"unit_amount":"5.00"}]}}"#

    /// Runs `body` with a host whose `stripe` instance calls a fake that lives on the host's
    /// clock, and sweeps expired checkouts every second.
    func withStripe(
        logs: LogCapture? = nil,
        _ body: @escaping @Sendable (_ fake: FakeStripeAPI, _ client: any TestClientProtocol, _ clock: FakeClock, _ host: HostApplication)
            async throws -> Void
    ) async throws {
        let fake = FakeStripeAPI(created: Int(Date().timeIntervalSince1970))
        try await fake.run { apiBase in
            let yaml = StripeLifecycleTests.yaml(apiBase: apiBase)
                .replacingOccurrences(of: "  default: stripe\n", with: "  default: stripe\n  checkout_sweep_seconds: 1\n")
            try await TestHost.withModules([StripeModule.descriptor], yaml: yaml, logs: logs) { client, clock, host in
                try await body(fake, client, clock, host)
            }
        }
    }

    /// Opens the checkout of ``checkoutBody``; returns the payment's id and its session's id.
    func openCheckout(_ client: some TestClientProtocol) async throws -> (id: String, session: String) {
        let created = try await client.send(.post, "/payments", Self.checkoutBody)
        #expect(created.status == .created)
        #expect(created.json["status"]?.stringValue == "requires_action")
        let session = try #require(created.json["provider_payment_id"]?.stringValue)
        #expect(created.json["next_action"]?["type"]?.stringValue == "redirect_to_url")
        #expect(created.json["next_action"]?["url"]?.stringValue == "https://checkout.stripe.com/c/pay/\(session)")
        return (try #require(created.json["id"]?.stringValue), session)
    }

    @Test("checkout → (a PaymentIntent event first, not applied) → checkout.session.completed → succeeded on the PaymentIntent → refund")
    func paidCheckout() async throws {
        let logs = LogCapture()
        try await withStripe(logs: logs) { fake, client, clock, host in
            let (id, session) = try await openCheckout(client)
            let sent = try #require(fake.requests.first)
            #expect(sent.field("success_url") == "https://shop.example/thanks?payment_id=\(id)")
            #expect(sent.field("cancel_url") == "https://shop.example/cart?payment_id=\(id)")
            #expect(sent.field("client_reference_id") == id)
            #expect(sent.field("line_items[0][price_data][unit_amount]") == "1000")
            #expect(sent.field("expires_at") == String(Int(clock.now().timeIntervalSince1970.rounded(.up)) + 3_600))

            let completed = try #require(fake.completeSession(session))
            let intentID = try #require(completed["payment_intent"]?.stringValue)
            let intent = try #require(fake.paymentIntent(intentID))
            let early = try await StripeLifecycleTests().deliver(
                client, fake, clock: clock, type: "payment_intent.succeeded", object: intent, id: "evt_pi")
            #expect(early.status == .ok)
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "requires_action")

            let done = try await StripeLifecycleTests().deliver(
                client, fake, clock: clock, type: "checkout.session.completed", object: completed, id: "evt_cs")
            #expect(done.status == .ok)
            let paid = try await client.send(.get, "/payments/\(id)").json
            #expect(paid["status"]?.stringValue == "succeeded")
            #expect(paid["provider_payment_id"]?.stringValue == intentID)
            #expect(paid["next_action"]?.isNull == true)
            let events = try await client.send(.get, "/payments/\(id)/events").json["data"]?.arrayValue ?? []
            #expect(events.compactMap { $0["type"]?.stringValue } == ["payment.requires_action", "payment.succeeded"])
            #expect(events.last?["source"]?.stringValue == "webhook")

            let refund = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"5.00"}"#)
            #expect(refund.status == .created)
            #expect(fake.requests.last?.field("payment_intent") == intentID)
            #expect(try await host.storage.payment(id: id)?.status == .partiallyRefunded)
        }
        let alarms = logs.entries.filter { $0.level >= .warning }
        #expect(alarms.isEmpty, "a checkout paid as Stripe reports it is nothing to warn about: \(alarms.map(\.text))")
    }

    @Test("an asynchronous payment method: completed unpaid → processing, then async_payment_failed → failed")
    func asyncPaymentFails() async throws {
        try await withStripe { fake, client, clock, _ in
            let (id, session) = try await openCheckout(client)
            let completed = try #require(fake.completeSession(session, paid: false))
            _ = try await StripeLifecycleTests().deliver(client, fake, clock: clock, type: "checkout.session.completed", object: completed, id: "e1")
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "processing")
            let failed = try #require(fake.settleSessionPayment(session, succeeded: false))
            _ = try await StripeLifecycleTests().deliver(
                client, fake, clock: clock, type: "checkout.session.async_payment_failed", object: failed, id: "e2")
            let payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "failed")
            #expect(payment["failure_code"]?.stringValue == "async_payment_failed")
        }
    }

    @Test("an abandoned checkout ends canceled: by checkout.session.expired, by the expiry sweep, by the cancel route")
    func abandoned() async throws {
        try await withStripe { fake, client, clock, host in
            let (byWebhook, firstSession) = try await openCheckout(client)
            let expired = try #require(fake.letSessionExpire(firstSession))
            _ = try await StripeLifecycleTests().deliver(client, fake, clock: clock, type: "checkout.session.expired", object: expired, id: "e1")
            let canceled = try await client.send(.get, "/payments/\(byWebhook)").json
            #expect(canceled["status"]?.stringValue == "canceled")
            #expect(canceled["next_action"]?.isNull == true)

            let (bySweep, secondSession) = try await openCheckout(client)
            fake.letSessionExpire(secondSession)
            clock.advance(by: 3_601)
            #expect(try await eventually(timeout: .seconds(10)) { try await host.storage.payment(id: bySweep)?.status == .canceled })

            let (byCancel, thirdSession) = try await openCheckout(client)
            let cancel = try await client.send(.post, "/payments/\(byCancel)/cancel")
            #expect(cancel.json["status"]?.stringValue == "canceled")
            #expect(fake.requests.last?.line == "POST /v1/checkout/sessions/\(thirdSession)/expire")
        }
    }

    @Test("a completed session that names a payment it did not open is not applied to it")
    func foreignSession() async throws {
        try await withStripe { fake, client, clock, _ in
            let (victim, _) = try await openCheckout(client)
            let (_, otherSession) = try await openCheckout(client)
            guard case .object(var forged) = try #require(fake.completeSession(otherSession)) else { return }
            forged["metadata"] = .object(["pasarela_payment_id": .string(victim)])
            forged["client_reference_id"] = .string(victim)
            let answer = try await StripeLifecycleTests().deliver(
                client, fake, clock: clock, type: "checkout.session.completed", object: .object(forged), id: "evt_f")
            #expect(answer.status == .ok)
            #expect(try await client.send(.get, "/payments/\(victim)").json["status"]?.stringValue == "requires_action")
        }
    }

    @Test("3-D Secure: a return_url gives next_action redirect_to_url; without one, provider_sdk with the client_secret")
    func threeDSecure() async throws {
        try await withStripe { _, client, _, _ in
            let redirect = try await client.send(
                .post, "/payments",
                #"{"amount":"5.00","currency":"USD","payment_method":{"id":"pm_card_authenticationRequired","confirm":true,"#
                    + #""return_url":"https://shop.example/3ds"}}"#)
            #expect(redirect.status == .created)
            #expect(redirect.json["status"]?.stringValue == "requires_action")
            #expect(redirect.json["next_action"]?["type"]?.stringValue == "redirect_to_url")
            #expect(redirect.json["next_action"]?["url"]?.stringValue?.hasPrefix("https://hooks.stripe.com/3d_secure_2/") == true)
            let sdk = try await client.send(
                .post, "/payments", #"{"amount":"5.00","currency":"USD","payment_method":{"id":"pm_card_authenticationRequired","confirm":true}}"#)
            let intentID = try #require(sdk.json["provider_payment_id"]?.stringValue)
            #expect(sdk.json["next_action"]?["type"]?.stringValue == "provider_sdk")
            #expect(sdk.json["next_action"]?["client_secret"]?.stringValue == "\(intentID)_secret_fake")
            let id = try #require(sdk.json["id"]?.stringValue)
            #expect(try await client.send(.get, "/payments/\(id)").json["next_action"]?["type"]?.stringValue == "provider_sdk")
        }
    }

    @Test("money taken for a payment the host has as failed (a retry on a declined PaymentIntent) keeps it failed and logs an error")
    func succeededAfterFailed() async throws {
        let logs = LogCapture()
        try await withStripe(logs: logs) { fake, client, clock, _ in
            let declined = try await client.send(
                .post, "/payments", #"{"amount":"5.00","currency":"USD","payment_method":{"id":"pm_card_chargeDeclined","confirm":true}}"#)
            #expect(declined.json["status"]?.stringValue == "failed")
            let id = try #require(declined.json["id"]?.stringValue)
            let intentID = try #require(declined.json["provider_payment_id"]?.stringValue)
            let paid = try #require(fake.confirm(paymentIntent: intentID))
            _ = try await StripeLifecycleTests().deliver(client, fake, clock: clock, type: "payment_intent.succeeded", object: paid, id: "e1")
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "failed")
            let alarm = logs.entries.first { $0.level == .error && $0.metadata["payment_id"] == id }
            #expect(alarm?.message.contains("money taken for a payment this host has ended") == true)
            #expect(alarm?.metadata["provider_payment_id"] == intentID)
        }
    }

    @Test("a session Stripe still reports open after its expiry is read each sweep, then expired through Stripe ten minutes on")
    func sweepGivesUp() async throws {
        try await withStripe { fake, client, clock, host in
            let (id, session) = try await openCheckout(client)
            clock.advance(by: 3_601)
            let read = "GET /v1/checkout/sessions/\(session)?expand%5B%5D=payment_intent.latest_charge"
            #expect(try await eventually(timeout: .seconds(10)) { fake.requests.filter { $0.line == read }.count >= 2 })
            #expect(try await host.storage.payment(id: id)?.status == .requiresAction)
            #expect(!fake.requests.contains { $0.line.hasSuffix("/expire") })
            clock.advance(by: 600)
            #expect(try await eventually(timeout: .seconds(10)) { try await host.storage.payment(id: id)?.status == .canceled })
            #expect(fake.requests.contains { $0.line == "POST /v1/checkout/sessions/\(session)/expire" })
            #expect(fake.checkoutSession(session)?["status"]?.stringValue == "expired")
        }
    }
}
