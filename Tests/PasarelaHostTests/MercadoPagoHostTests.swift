import FakeMercadoPagoAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import MercadoPagoProvider
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("MercadoPago through the host, against a fake API over real HTTP")
struct MercadoPagoHostTests {
    static let secret = "mp-webhook-secret"

    static func yaml(apiBase: String) -> String {
        """
        admin: {token: "\(TestHost.adminToken)"}
        storage: {url: "sqlite::memory:"}
        payments:
          default: mock
          instances:
            mock: {module: mock}
            mercadopago: {module: mercadopago, access_token: "TEST-access-token", webhook_secret: "\(secret)", api_base: "\(apiBase)"}
          routes:
            - {currency: ARS, instance: mercadopago}
        """
    }

    /// The `x-signature` MercadoPago sends for a notification about `dataID`.
    static func signature(dataID: String, requestID: String, at time: Date) -> String {
        let ts = Int(time.timeIntervalSince1970)
        let manifest = "id:\(dataID);request-id:\(requestID);ts:\(ts);"
        return "ts=\(ts),v1=\(HMACSHA256.hex(key: secret, message: Array(manifest.utf8)))"
    }

    /// Runs `body` against a host whose `mercadopago` instance talks to a fresh fake API over real HTTP.
    func withHost(_ body: @escaping @Sendable (any TestClientProtocol, FakeMercadoPagoAPI, FakeClock) async throws -> Void) async throws {
        let api = FakeMercadoPagoAPI()
        try await api.run { baseURL in
            try await TestHost.withModules([MercadoPagoModule.descriptor], yaml: Self.yaml(apiBase: baseURL)) { client, clock, _ in
                try await body(client, api, clock)
            }
        }
    }

    /// Posts MercadoPago's notification about `providerID`, signed unless `signature` is given.
    func notify(
        _ client: some TestClientProtocol, about providerID: String, clock: FakeClock, requestID: String = "req-1", signature: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: JSONValue, headers: HTTPFields) {
        // As MercadoPago sends it: no admin token.
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.init("x-signature")!] = signature ?? Self.signature(dataID: providerID, requestID: requestID, at: clock.now())
        headers[.init("x-request-id")!] = requestID
        return try await client.send(
            .post, "/webhooks/providers/mercadopago?data.id=\(providerID)&type=payment",
            #"{"action":"payment.updated","api_version":"v1","data":{"id":"\#(providerID)"},"type":"payment"}"#, headers: headers)
    }

    @Test("ARS goes to MercadoPago; a signed notification settles it; a partial refund shows partially_refunded")
    func lifecycle() async throws {
        try await withHost { client, api, clock in
            let created = try await client.send(.post, "/payments", #"{"amount":"100.50","currency":"ARS"}"#)
            #expect(created.status == .created)
            #expect(created.json["provider"]?.stringValue == "mercadopago")
            #expect(created.json["status"]?.stringValue == "processing")
            let id = try #require(created.json["id"]?.stringValue)
            let providerID = try #require(created.json["provider_payment_id"]?.stringValue)

            let create = try #require(api.calls.first)
            #expect(create.method == "POST" && create.path == "/v1/payments")
            #expect(create.body?["transaction_amount"] == .number("100.5"))
            #expect(create.body?["external_reference"] == .string(id))
            #expect(create.headers["x-idempotency-key"]?.isEmpty == false)
            #expect(create.headers["authorization"] == "Bearer TEST-access-token")

            api.settle(providerID, status: "approved", detail: "accredited")
            let notified = try await notify(client, about: providerID, clock: clock)
            #expect(notified.status == .ok)
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "succeeded")

            let refund = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"25.25"}"#)
            #expect(refund.status == .created)
            let after = try await client.send(.get, "/payments/\(id)").json
            #expect(after["status"]?.stringValue == "partially_refunded")
            #expect(after["refunded_minor"]?.int64Value == 2525)

            let calls = api.calls
            #expect(calls.map { "\($0.method) \($0.path)" } == [
                "POST /v1/payments", "GET /v1/payments/\(providerID)", "POST /v1/payments/\(providerID)/refunds",
            ])
            #expect(calls[2].body == .object(["amount": .number("25.25")]))
            #expect(calls[2].headers["x-idempotency-key"]?.isEmpty == false)

            // A forged notification changes nothing and is refused.
            let forged = try await notify(
                client, about: providerID, clock: clock, signature: "ts=\(Int(clock.now().timeIntervalSince1970)),v1=00")
            #expect(forged.status == .unauthorized)
            #expect(try await client.send(.get, "/payments/\(id)").json == after)
            #expect(api.calls.count == 3)
        }
    }

    @Test("a refund MercadoPago holds in_process is pending; the notification after it settles applies it, or gives its amount back")
    func refundsInProcess() async throws {
        try await withHost { client, api, clock in
            let created = try await client.send(.post, "/payments", #"{"amount":"100.00","currency":"ARS"}"#)
            let id = try #require(created.json["id"]?.stringValue)
            let providerID = try #require(created.json["provider_payment_id"]?.stringValue)
            api.settle(providerID, status: "approved", detail: "accredited")
            _ = try await notify(client, about: providerID, clock: clock, requestID: "req-a")
            api.holdRefunds(true)

            let held = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"40.00"}"#)
            #expect(held.status == .created)
            #expect(held.json["status"]?.stringValue == "pending")
            #expect(api.calls.last?.headers["x-render-in-process-refunds"] == "true")
            let heldID = try #require(held.json["provider_refund_id"]?.stringValue)
            _ = try await notify(client, about: providerID, clock: clock, requestID: "req-b")
            #expect(try await client.send(.get, "/payments/\(id)").json.refundStatuses == ["pending"])
            #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"60.01"}"#).status == .unprocessableContent)

            api.settleRefund(heldID, of: providerID, status: "approved")
            #expect(try await notify(client, about: providerID, clock: clock, requestID: "req-c").status == .ok)
            var payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "partially_refunded")
            #expect(payment["refunded_minor"]?.int64Value == 4000)
            #expect(payment.refundStatuses == ["succeeded"])

            let rest = try await client.send(.post, "/payments/\(id)/refunds")
            #expect(rest.json["amount_minor"]?.int64Value == 6000)
            api.settleRefund(try #require(rest.json["provider_refund_id"]?.stringValue), of: providerID, status: "rejected")
            _ = try await notify(client, about: providerID, clock: clock, requestID: "req-d")
            payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "partially_refunded")
            #expect(payment["refunded_minor"]?.int64Value == 4000)
            #expect(payment.refundStatuses == ["succeeded", "failed"])
        }
    }

    @Test("a payment MercadoPago reports under another payment's reference, or with another amount or currency, is not applied")
    func mismatchedPayments() async throws {
        try await withHost { client, api, clock in
            let victim = try await client.send(.post, "/payments", #"{"amount":"100.00","currency":"ARS"}"#).json
            let victimID = try #require(victim["id"]?.stringValue)
            let victimProviderID = try #require(victim["provider_payment_id"]?.stringValue)
            let other = try await client.send(.post, "/payments", #"{"amount":"1.00","currency":"ARS"}"#).json
            let otherProviderID = try #require(other["provider_payment_id"]?.stringValue)

            // Another payment approved, naming the victim as its external reference.
            api.settle(otherProviderID, status: "approved", detail: "accredited")
            api.edit(otherProviderID, "external_reference", to: .string(victimID))
            #expect(try await notify(client, about: otherProviderID, clock: clock, requestID: "req-m1").status == .ok)
            // The victim approved, but for less, then in another currency.
            api.settle(victimProviderID, status: "approved", detail: "accredited")
            api.edit(victimProviderID, "transaction_amount", to: .number("1"))
            #expect(try await notify(client, about: victimProviderID, clock: clock, requestID: "req-m2").status == .ok)
            api.edit(victimProviderID, "transaction_amount", to: .number("100"))
            api.edit(victimProviderID, "currency_id", to: .string("BRL"))
            #expect(try await notify(client, about: victimProviderID, clock: clock, requestID: "req-m3").status == .ok)
            #expect(try await client.send(.get, "/payments/\(victimID)").json["status"]?.stringValue == "processing")

            #expect(try await client.send(.get, "/payments/\(other["id"]?.stringValue ?? "")").json["status"]?.stringValue == "processing")

            // What MercadoPago says of the victim next, in agreement with it, still applies.
            api.edit(victimProviderID, "currency_id", to: .string("ARS"))
            api.settle(victimProviderID, status: "rejected", detail: "cc_rejected_insufficient_amount")
            #expect(try await notify(client, about: victimProviderID, clock: clock, requestID: "req-m4").status == .ok)
            #expect(try await client.send(.get, "/payments/\(victimID)").json["status"]?.stringValue == "failed")
        }
    }

    @Test("a notification that arrives while MercadoPago's API is down is acknowledged, kept, and applied once the API is back")
    func deferredWhileDown() async throws {
        try await withHost { client, api, clock in
            let created = try await client.send(.post, "/payments", #"{"amount":"100.50","currency":"ARS"}"#)
            let id = try #require(created.json["id"]?.stringValue)
            let providerID = try #require(created.json["provider_payment_id"]?.stringValue)
            api.settle(providerID, status: "approved", detail: "accredited")
            api.setDown(true)
            let notified = try await notify(client, about: providerID, clock: clock, requestID: "req-2")
            #expect(notified.status == .ok)
            #expect(notified.json["status"]?.stringValue == "queued")
            let eventID = try #require(notified.json["event_id"]?.stringValue)
            // The very same request replayed is kept once.
            let replayed = try await notify(client, about: providerID, clock: clock, requestID: "req-2")
            #expect(replayed.json["event_id"]?.stringValue == eventID)
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "processing")

            // The first retry also meets the outage and is recorded as failed with its reason.
            #expect(try await eventually { try await client.send(.get, "/events/\(eventID)").json["status"]?.stringValue == "failed" })
            let failed = try await client.send(.get, "/events/\(eventID)").json
            #expect(failed["handlers"]?.arrayValue?.first?["error"]?.stringValue?.contains("503") == true)

            api.setDown(false)
            clock.advance(by: 1.1)
            #expect(try await eventually { try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "succeeded" })
            #expect(try await eventually { try await client.send(.get, "/events/\(eventID)").json["status"]?.stringValue == "processed" })
        }
    }

    @Test("one client Idempotency-Key for create and cancel reaches MercadoPago as two keys, one per operation")
    func idempotencyKeysPerOperation() async throws {
        try await withHost { client, api, _ in
            var headers = TestHost.authorized
            headers[.init("Idempotency-Key")!] = "order-7"
            let created = try await client.send(.post, "/payments", #"{"amount":"10.00","currency":"ARS"}"#, headers: headers)
            let id = try #require(created.json["id"]?.stringValue)
            let canceled = try await client.send(.post, "/payments/\(id)/cancel", headers: headers)
            #expect(canceled.json["status"]?.stringValue == "canceled")
            #expect(api.calls.map { $0.headers["x-idempotency-key"] } == ["order-7", "cancel-\(id)-order-7"])
        }
    }

    @Test("a partner cannot pass an event off as a deferred provider webhook: it is stored and never handed to a module")
    func partnerCannotForgeDeferral() async throws {
        let clock = FakeClock(now: Date())
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml, clock: clock)
        let test = PartnerWebhookTests()
        try await host.application.test(.router) { client in
            // Without the guard the retrier would try to read this envelope as a stored webhook and fail it.
            let body = #"{"event_type":"provider.webhook.deferred","timestamp":"\#(ISOTimestamp.format(clock.now()))","data":{}}"#
            let posted = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try test.seedHeaders(body))
            let id = try #require(posted.json["event_id"]?.stringValue)
            #expect(try await eventually { try await client.send(.get, "/events/\(id)").json["status"]?.stringValue == "processed" })
            let event = try await client.send(.get, "/events/\(id)").json
            #expect(event["source"]?.stringValue == "findyourwork")
            #expect(try await host.storage.payments(PaymentQuery(limit: 10)).isEmpty)
        }
    }
}
