import FakeMercadoPagoAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import MercadoPagoProvider
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// Checkout Pro through the host: `POST /payments` with `checkout` on a `mercadopago` instance,
/// payment notifications (a rejected attempt, then the approved payment taking over the
/// preference's id), `?refresh=true`, expiry and cancel.
@Suite("MercadoPago Checkout Pro through the host")
struct MercadoPagoCheckoutFlowTests {
    static let publicURL = "https://pay.example.com"

    /// A checkout of 150.50 ARS in two line items, open for `seconds`.
    static func checkoutBody(seconds: Int = 3_600) -> String {
        #"{"amount":"150.50","currency":"ARS","description":"Cena para dos","checkout":{"success_url":"https://shop.example/thanks","#
            + #""cancel_url":"https://shop.example/cart","expires_in_seconds":\#(seconds),"line_items":[{"name":"Menú","quantity":2,"#
            + #""unit_amount":"60.25"},{"name":"Vino","quantity":1,"unit_amount":"30.00"}]}}"#
    }

    /// Runs `body` with a host whose `mercadopago` instance calls a fresh fake, sweeping expired
    /// checkouts every second, at ``publicURL``.
    func withHost(
        logs: LogCapture? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol, FakeMercadoPagoAPI, FakeClock, HostApplication) async throws -> Void
    ) async throws {
        let api = FakeMercadoPagoAPI()
        try await api.run { base in
            let yaml = MercadoPagoHostTests.yaml(apiBase: base)
                .replacingOccurrences(of: "  default: mock\n", with: "  default: mock\n  checkout_sweep_seconds: 1\n")
                + "\nserver: {public_url: \"\(Self.publicURL)\"}"
            try await TestHost.withModules([MercadoPagoModule.descriptor], yaml: yaml, logs: logs) { client, clock, host in
                try await body(client, api, clock, host)
            }
        }
    }

    /// Opens a checkout; returns the payment's id and its preference's id.
    func openCheckout(_ client: some TestClientProtocol, seconds: Int = 3_600) async throws -> (id: String, preference: String) {
        let created = try await client.send(.post, "/payments", Self.checkoutBody(seconds: seconds))
        #expect(created.status == .created)
        #expect(created.json["provider"]?.stringValue == "mercadopago")
        #expect(created.json["status"]?.stringValue == "requires_action")
        let preference = try #require(created.json["provider_payment_id"]?.stringValue)
        #expect(created.json["next_action"]?["type"]?.stringValue == "redirect_to_url")
        let initPoint = "https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id=\(preference)"
        #expect(created.json["next_action"]?["url"]?.stringValue == initPoint)
        return (try #require(created.json["id"]?.stringValue), preference)
    }

    @Test("checkout → a rejected attempt (still requires_action) → the approved payment: succeeded on its id → refund")
    func paidCheckout() async throws {
        try await withHost { client, api, clock, _ in
            let (id, preference) = try await openCheckout(client)
            let sent = try #require(api.calls.first?.body)
            #expect(sent["notification_url"] == .string("\(Self.publicURL)/webhooks/providers/mercadopago"))
            #expect(sent["external_reference"] == .string(id))
            #expect(sent["back_urls"]?["success"] == .string("https://shop.example/thanks?payment_id=\(id)"))
            #expect(sent["back_urls"]?["failure"] == .string("https://shop.example/cart?payment_id=\(id)"))
            #expect(sent["items"]?.arrayValue?.first?["unit_price"] == .number("60.25"))
            let opened = try await client.send(.get, "/payments/\(id)").json
            let expiry = try #require(sent["expiration_date_to"]?.stringValue)
            #expect(opened["next_action"]?["expires_at"]?.stringValue?.prefix(23) == expiry.prefix(23))

            let rejected = try #require(api.pay(preference: preference, status: "rejected", at: clock.now()))
            #expect(try await MercadoPagoHostTests().notify(client, about: rejected, clock: clock, requestID: "r1").status == .ok)
            let retrying = try await client.send(.get, "/payments/\(id)").json
            #expect(retrying["status"]?.stringValue == "requires_action")
            #expect(retrying["provider_payment_id"]?.stringValue == preference)
            #expect(retrying["next_action"] == opened["next_action"])

            let approved = try #require(api.pay(preference: preference, at: clock.now()))
            #expect(try await MercadoPagoHostTests().notify(client, about: approved, clock: clock, requestID: "r2").status == .ok)
            let paid = try await client.send(.get, "/payments/\(id)").json
            #expect(paid["status"]?.stringValue == "succeeded")
            #expect(paid["provider_payment_id"]?.stringValue == approved)
            #expect(paid["next_action"]?.isNull == true)
            let events = try await client.send(.get, "/payments/\(id)/events").json["data"]?.arrayValue ?? []
            #expect(events.compactMap { $0["type"]?.stringValue } == ["payment.requires_action", "payment.succeeded"])
            #expect(events.last?["source"]?.stringValue == "webhook")

            let refund = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"50.00"}"#)
            #expect(refund.status == .created)
            #expect(api.calls.last.map { "\($0.method) \($0.path)" } == "POST /v1/payments/\(approved)/refunds")
        }
    }

    @Test("the page behind success_url reads ?refresh=true: the payment search finds the approved payment before its notification")
    func refreshFindsPayment() async throws {
        try await withHost { client, api, clock, _ in
            let (id, preference) = try await openCheckout(client)
            #expect(try await client.send(.get, "/payments/\(id)?refresh=true").json["status"]?.stringValue == "requires_action")
            let approved = try #require(api.pay(preference: preference, at: clock.now()))
            let read = try await client.send(.get, "/payments/\(id)?refresh=true").json
            #expect(read["status"]?.stringValue == "succeeded")
            #expect(read["provider_payment_id"]?.stringValue == approved)
            let lastTwo = api.calls.suffix(2)
            #expect(lastTwo.first?.query == "external_reference=\(id)&sort=date_created&criteria=desc")
            #expect(lastTwo.last.map { "\($0.method) \($0.path)" } == "PUT /checkout/preferences/\(preference)", "paid: its link closes")
        }
    }

    @Test("an abandoned checkout ends canceled: by the expiry sweep (a rejected attempt notwithstanding), by the cancel route")
    func abandoned() async throws {
        try await withHost { client, api, clock, host in
            let (bySweep, preference) = try await openCheckout(client, seconds: 60)
            let rejected = try #require(api.pay(preference: preference, status: "rejected", at: clock.now()))
            _ = try await MercadoPagoHostTests().notify(client, about: rejected, clock: clock, requestID: "a1")
            let (later, _) = try await openCheckout(client)
            clock.advance(by: 61)
            #expect(try await eventually(timeout: .seconds(10)) { try await host.storage.payment(id: bySweep)?.status == .canceled })
            let events = try await client.send(.get, "/payments/\(bySweep)/events").json["data"]?.arrayValue ?? []
            #expect(events.compactMap { $0["type"]?.stringValue } == ["payment.requires_action", "payment.canceled"])
            #expect(events.last?["source"]?.stringValue == "poll")
            #expect(try await client.send(.get, "/payments/\(later)").json["status"]?.stringValue == "requires_action")

            let (byCancel, cancelPreference) = try await openCheckout(client)
            let canceled = try await client.send(.post, "/payments/\(byCancel)/cancel")
            #expect(canceled.json["status"]?.stringValue == "canceled")
            #expect(api.calls.contains { $0.method == "PUT" && $0.path == "/checkout/preferences/\(cancelPreference)" })
            #expect(api.pay(preference: cancelPreference, at: clock.now()) == nil)
        }
    }

    @Test("a second payment made on one checkout before it closed is not applied, and is logged as an error to refund")
    func secondPayment() async throws {
        let logs = LogCapture()
        try await withHost(logs: logs) { client, api, clock, _ in
            let (id, preference) = try await openCheckout(client)
            let voucher = try #require(api.pay(preference: preference, status: "in_process", at: clock.now()))
            let card = try #require(api.pay(preference: preference, at: clock.now()))
            _ = try await MercadoPagoHostTests().notify(client, about: voucher, clock: clock, requestID: "s1")
            #expect(api.calls.contains { $0.method == "PUT" && $0.path == "/checkout/preferences/\(preference)" }, "closed once paid")
            _ = try await MercadoPagoHostTests().notify(client, about: card, clock: clock, requestID: "s2")
            let payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == "processing")
            #expect(payment["provider_payment_id"]?.stringValue == voucher)
            let alarm = logs.entries.first { $0.level == .error && $0.metadata["provider_payment_id"] == card }
            #expect(alarm?.metadata["payment_id"] == id)
            #expect(alarm?.message.contains("refund or settle it at the provider") == true)
        }
    }

    @Test("merchant_order notifications through the host: 200, nothing changes, signed or legacy IPN")
    func merchantOrder() async throws {
        try await withHost { client, _, clock, _ in
            let (id, _) = try await openCheckout(client)
            let ipn = try await client.send(
                .post, "/webhooks/providers/mercadopago?topic=merchant_order&id=24601", "", headers: [.contentType: "application/json"])
            #expect(ipn.status == .ok)
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[.init("x-signature")!] = MercadoPagoHostTests.signature(dataID: "24601", requestID: "m1", at: clock.now())
            headers[.init("x-request-id")!] = "m1"
            let signed = try await client.send(
                .post, "/webhooks/providers/mercadopago?data.id=24601&type=topic_merchant_order_wh",
                #"{"action":"update","data":{"id":"24601"},"type":"topic_merchant_order_wh"}"#, headers: headers)
            #expect(signed.status == .ok)
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "requires_action")
        }
    }
}
