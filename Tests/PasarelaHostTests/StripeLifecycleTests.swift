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

/// A `stripe` instance pointed at a local fake of Stripe's API, driven through the host's API.
@Suite("Stripe lifecycle through the host")
struct StripeLifecycleTests {
    static let webhookSecret = "whsec_host_test_secret"
    static let signatureHeader = HTTPField.Name(StripeWebhookSignature.headerName)!

    static func yaml(apiBase: String) -> String {
        """
        admin: {token: "\(TestHost.adminToken)"}
        storage: {url: "sqlite::memory:"}
        payments:
          default: stripe
          instances:
            stripe:
              module: stripe
              secret_key: "\(FakeStripeAPI.defaultSecretKey)"
              webhook_secret: "\(webhookSecret)"
              api_base: "\(apiBase)"
        """
    }

    /// Posts a signed Stripe event of `type` about `object` to the instance's webhook route.
    func deliver(
        _ client: some TestClientProtocol, _ fake: FakeStripeAPI, clock: FakeClock, type: String, object: JSONValue, id: String
    ) async throws -> (status: HTTPResponse.Status, json: JSONValue, headers: HTTPFields) {
        let body = fake.eventBody(type: type, object: object, id: id)
        let signature = StripeWebhookSignature.header(
            body: body, secret: Self.webhookSecret, timestamp: Int(clock.now().timeIntervalSince1970))
        return try await client.send(
            .post, "/webhooks/providers/stripe", String(decoding: body, as: UTF8.self),
            headers: [.contentType: "application/json", Self.signatureHeader: signature])
    }

    @Test("create → payment_intent.succeeded → partial refund → charge.refunded, and the fake saw exactly Stripe's requests")
    func lifecycle() async throws {
        let fake = FakeStripeAPI()
        try await fake.run { apiBase in
            try await TestHost.withModules([StripeModule.descriptor], yaml: Self.yaml(apiBase: apiBase)) { client, clock, host in
                let created = try await Self.createDinner(client)
                #expect(created.status == .created)
                #expect(created.json["status"]?.stringValue == "pending")
                #expect(created.json["provider_status"]?.stringValue == "requires_confirmation")
                let id = try #require(created.json["id"]?.stringValue)
                let intentID = try #require(created.json["provider_payment_id"]?.stringValue)

                let confirmed = try #require(fake.confirm(paymentIntent: intentID))
                let succeeded = try await deliver(client, fake, clock: clock, type: "payment_intent.succeeded", object: confirmed, id: "evt_1")
                #expect(succeeded.status == .ok)
                #expect(succeeded.json["status"]?.stringValue == "processed")
                #expect(succeeded.json["event_id"]?.stringValue == "evt_1")
                #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "succeeded")

                let refund = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"3.00"}"#)
                #expect(refund.status == .created)
                let refundID = try #require(refund.json["id"]?.stringValue)
                let afterRefund = try await client.send(.get, "/payments/\(id)")
                #expect(afterRefund.json["status"]?.stringValue == "partially_refunded")
                #expect(afterRefund.json["refunded_minor"]?.int64Value == 300)

                let charge = try #require(fake.charge(ofPaymentIntent: intentID))
                #expect(charge["amount_refunded"]?.int64Value == 300)
                let refunded = try await deliver(client, fake, clock: clock, type: "charge.refunded", object: charge, id: "evt_2")
                #expect(refunded.status == .ok)
                #expect(refunded.json["status"]?.stringValue == "processed")
                #expect(try await host.storage.providerEventApplied(instance: "stripe", eventID: "evt_2"))
                let late = try await deliver(client, fake, clock: clock, type: "payment_intent.processing", object: confirmed, id: "evt_3")
                #expect(late.status == .ok)
                let final = try await client.send(.get, "/payments/\(id)")
                #expect(final.json["status"]?.stringValue == "partially_refunded")
                #expect(final.json["refunded_minor"]?.int64Value == 300)

                // The rest refunded in Stripe's dashboard: only the charge.refunded webhook tells the host.
                guard case .object(var fullyRefunded) = charge else { Issue.record("the charge is not an object"); return }
                fullyRefunded["amount_refunded"] = .number("1099")
                fullyRefunded["refunded"] = .bool(true)
                let rest = try await deliver(client, fake, clock: clock, type: "charge.refunded", object: .object(fullyRefunded), id: "evt_4")
                #expect(rest.json["status"]?.stringValue == "processed")
                let afterWebhook = try await client.send(.get, "/payments/\(id)")
                #expect(afterWebhook.json["status"]?.stringValue == "refunded")
                #expect(afterWebhook.json["refunded_minor"]?.int64Value == 1099)
                let events = try await host.storage.paymentEvents(paymentID: id)
                #expect(
                    events.map(\.type.rawValue) == ["payment.pending", "payment.succeeded", "payment.partially_refunded", "payment.refunded"])

                Self.expectRequests(fake.requests, paymentID: id, intentID: intentID, refundID: refundID)

                // The fake never saw the dashboard refund; reading it back cannot move the payment backwards.
                let refreshed = try await client.send(.get, "/payments/\(id)?refresh=true")
                #expect(refreshed.json["status"]?.stringValue == "refunded")
                #expect(fake.requests.last?.line == "GET /v1/payment_intents/\(intentID)?expand%5B%5D=latest_charge")
            }
        }
    }

    /// The requests of `lifecycle` as Stripe must get them: the create and the refund, form-encoded,
    /// each with its idempotency key, the secret key and the pinned API version.
    static func expectRequests(_ sent: [FakeStripeAPI.Received], paymentID id: String, intentID: String, refundID: String) {
    #expect(sent.map(\.line) == ["POST /v1/payment_intents", "POST /v1/refunds"])
    #expect(
        sent.first?.body
            == "amount=1099&currency=usd&description=Dinner&receipt_email=ana%40example.com&payment_method=pm_card_visa"
            + "&metadata%5Border%5D=42&metadata%5Bpasarela_payment_id%5D=\(id)")
    #expect(
        sent.last?.body
            == "payment_intent=\(intentID)&amount=300&metadata%5Bpasarela_payment_id%5D=\(id)&metadata%5Bpasarela_refund_id%5D=\(refundID)")
    #expect(sent.first?.headers["idempotency-key"] == "order-42")
    #expect(sent.last?.headers["idempotency-key"] == refundID)
    #expect(sent.allSatisfy { $0.headers["authorization"] == "Bearer \(FakeStripeAPI.defaultSecretKey)" })
    #expect(sent.allSatisfy { $0.headers["stripe-version"] == StripeModule.defaultAPIVersion })
    }

    /// A 10.99 USD dinner paid with `pm_card_visa`, with Idempotency-Key `order-42`.
    static func createDinner(_ client: some TestClientProtocol) async throws -> (status: HTTPResponse.Status, json: JSONValue, headers: HTTPFields) {
        var headers = TestHost.authorized
        headers[HTTPField.Name("Idempotency-Key")!] = "order-42"
        return try await client.send(
            .post, "/payments",
            #"{"amount":"10.99","currency":"USD","description":"Dinner","metadata":{"order":"42"},"#
                + #""customer":{"email":"ana@example.com"},"payment_method":{"id":"pm_card_visa"}}"#,
            headers: headers)
    }

    @Test("a declined card is 201 failed with its decline code; an outage is 502 with no payment; a bad signature is 401")
    func failures() async throws {
        let fake = FakeStripeAPI()
        try await fake.run { apiBase in
            try await TestHost.withModules([StripeModule.descriptor], yaml: Self.yaml(apiBase: apiBase)) { client, clock, host in
                let declined = try await client.send(
                    .post, "/payments",
                    #"{"amount":"5.00","currency":"USD","payment_method":{"id":"pm_card_chargeDeclinedInsufficientFunds","confirm":true}}"#)
                #expect(declined.status == .created)
                #expect(declined.json["status"]?.stringValue == "failed")
                #expect(declined.json["failure_code"]?.stringValue == "insufficient_funds")

                fake.enqueueError(status: 500, type: "api_error")
                let outage = try await client.send(.post, "/payments", #"{"amount":"5.00","currency":"USD"}"#)
                #expect(outage.status == .badGateway)
                #expect(outage.json.errorCode == "provider_error")
                #expect(try await host.storage.payments(PaymentQuery()).count == 1)

                let body = fake.eventBody(type: "payment_intent.succeeded", object: .object([:]))
                let forged = StripeWebhookSignature.header(body: body, secret: "whsec_wrong", timestamp: Int(clock.now().timeIntervalSince1970))
                let refused = try await client.send(
                    .post, "/webhooks/providers/stripe", String(decoding: body, as: UTF8.self), headers: [Self.signatureHeader: forged])
                #expect(refused.status == .unauthorized)
                #expect(refused.json.errorCode == "invalid_signature")
            }
        }
    }

    @Test("a card declined before any PaymentIntent exists is 201 failed with its decline code, and reads back failed")
    func declinedWithoutPaymentIntent() async throws {
        let fake = FakeStripeAPI()
        try await fake.run { apiBase in
            try await TestHost.withModules([StripeModule.descriptor], yaml: Self.yaml(apiBase: apiBase)) { client, _, host in
                let method = FakeStripeAPI.declinedWithoutPaymentIntent
                let body = #"{"amount":"5.00","currency":"USD","payment_method":{"id":"\#(method)","confirm":true}}"#
                let declined = try await client.send(.post, "/payments", body)
                #expect(declined.status == .created)
                #expect(declined.json["status"]?.stringValue == "failed")
                #expect(declined.json["failure_code"]?.stringValue == "insufficient_funds")
                #expect(declined.json["failure_message"]?.stringValue == "Your card has insufficient funds.")
                let providerID = try #require(declined.json["provider_payment_id"]?.stringValue)
                #expect(providerID.hasPrefix(StripeMapping.declinedPaymentIDPrefix))
                let id = try #require(declined.json["id"]?.stringValue)

                let again = try await client.send(.post, "/payments", body)
                #expect(again.status == .created)
                #expect(again.json["provider_payment_id"]?.stringValue != providerID)
                let refreshed = try await client.send(.get, "/payments/\(id)?refresh=true")
                #expect(refreshed.status == .ok)
                #expect(refreshed.json["status"]?.stringValue == "failed")
                #expect(refreshed.json["failure_code"]?.stringValue == "insufficient_funds")
                #expect(fake.requests.map(\.line) == ["POST /v1/payment_intents", "POST /v1/payment_intents"])
                #expect(try await host.storage.paymentEvents(paymentID: id).map(\.type.rawValue) == ["payment.failed"])
            }
        }
    }

    @Test("an event naming a payment whose provider id or amount is not the event's is acknowledged and not applied")
    func mismatchedEvents() async throws {
        let fake = FakeStripeAPI()
        try await fake.run { apiBase in
            try await TestHost.withModules([StripeModule.descriptor], yaml: Self.yaml(apiBase: apiBase)) { client, clock, host in
                let body = #"{"amount":"10.99","currency":"USD","payment_method":{"id":"pm_card_visa"}}"#
                let victim = try #require(try await client.send(.post, "/payments", body).json["id"]?.stringValue)
                let other = try await client.send(.post, "/payments", body).json
                let otherIntentID = try #require(other["provider_payment_id"]?.stringValue)
                let otherIntent = try #require(fake.confirm(paymentIntent: otherIntentID))
                let victimIntentID = try #require(try await host.storage.payment(id: victim)?.providerPaymentID)
                let victimIntent = try #require(fake.confirm(paymentIntent: victimIntentID))
                func edited(_ object: JSONValue, _ key: String, _ value: JSONValue) throws -> JSONValue {
                    guard case .object(var members) = object else { throw PasarelaError(.invalidRequest, "not an object") }
                    members[key] = value
                    return .object(members)
                }
                let namesVictim = try edited(otherIntent, "metadata", .object(["pasarela_payment_id": .string(victim)]))
                let cheaper = try edited(victimIntent, "amount", .number("1"))
                let euros = try edited(victimIntent, "currency", .string("eur"))
                for (index, object) in [namesVictim, cheaper, euros].enumerated() {
                    let answer = try await deliver(client, fake, clock: clock, type: "payment_intent.succeeded", object: object, id: "evt_x\(index)")
                    #expect(answer.status == .ok)
                    #expect(answer.json["status"]?.stringValue == "processed")
                    #expect(try await host.storage.providerEventApplied(instance: "stripe", eventID: "evt_x\(index)"))
                }
                #expect(try await host.storage.paymentEvents(paymentID: victim).map(\.type.rawValue) == ["payment.pending"])
                #expect(try await client.send(.get, "/payments/\(victim)").json["status"]?.stringValue == "pending")

                let genuine = try await deliver(client, fake, clock: clock, type: "payment_intent.succeeded", object: victimIntent, id: "evt_ok")
                #expect(genuine.status == .ok)
                #expect(try await client.send(.get, "/payments/\(victim)").json["status"]?.stringValue == "succeeded")
            }
        }
    }
}
