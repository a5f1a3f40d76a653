import FakeMercadoPagoAPI
import Foundation
@testable import MercadoPagoProvider
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// Checkout Pro preferences against the fake MercadoPago API (an ARS account), over real HTTP.
@Suite("MercadoPago: Checkout Pro")
struct MercadoPagoCheckoutTests {
    typealias Fixture = MercadoPagoFixture
    typealias Notifications = MercadoPagoNotificationTests

    let api = FakeMercadoPagoAPI(currency: .ars)
    let clock = FakeClock(now: MercadoPagoFixture.now)

    /// Runs `body` with a `mercadopago` instance (extra `options`) calling the fake.
    func withProvider(
        options: [String: OptionValue] = [:], _ body: @escaping @Sendable (any PaymentProvider, _ apiBase: String) async throws -> Void
    ) async throws {
        try await api.run { [clock] base in
            let provider = try Fixture.provider(
                transport: AsyncHTTPClientTransport(), options: ["api_base": .string(base)].merging(options) { $1 }, clock: clock)
            try await body(provider, base)
        }
    }

    /// A checkout for `paymentID` of 150.50 ARS (or `amount`), expiring an hour from the clock's now.
    func checkout(
        _ paymentID: String = "pay_co", amount: Money = Money(minor: 15_050, currency: .ars), items: [CheckoutLineItem] = [],
        description: String? = "Cena para dos", email: String? = "maria@example.com"
    ) -> CheckoutRequest {
        CheckoutRequest(
            paymentID: paymentID, amount: amount, description: description, metadata: ["order": "42"],
            customer: email.map { Customer(email: $0) }, lineItems: items,
            successURL: "https://shop.example/thanks?payment_id=\(paymentID)",
            cancelURL: "https://shop.example/cart?payment_id=\(paymentID)",
            expiresAt: clock.now().addingTimeInterval(3_600), routesURL: "https://pay.example.com/checkout/mp",
            webhookURL: "https://pay.example.com/webhooks/providers/mp", idempotencyKey: "co-\(paymentID)")
    }

    /// The signed notification MercadoPago posts about payment `id`, handled by `provider`.
    func notify(_ provider: any PaymentProvider, about id: String) async throws -> [NormalizedEvent] {
        let signature = Notifications.sign(dataID: id, requestID: nil)
        return try await provider.handleWebhook(Notifications.notification(dataID: id, signature: signature, requestID: nil))
    }

    @Test("openCheckout sends the exact preference JSON and answers its id, init_point and expiry")
    func opensPreference() async throws {
        try await withProvider { provider, _ in
            #expect(provider.capabilities.contains(.hostedCheckout))
            let items = [
                CheckoutLineItem(name: "Menú del día", quantity: 2, unitAmount: Money(minor: 6_025, currency: .ars)),
                CheckoutLineItem(name: "Vino", quantity: 1, unitAmount: Money(minor: 3_000, currency: .ars)),
            ]
            let opened = try await provider.openCheckout(checkout(items: items))
            let call = try #require(api.calls.first)
            #expect(api.calls.count == 1)
            #expect(call.method == "POST" && call.path == "/checkout/preferences")
            #expect(call.headers["authorization"] == "Bearer \(Fixture.accessToken)")
            #expect(call.headers["x-idempotency-key"] == "co-pay_co")
            #expect(call.headers["content-type"] == "application/json")
            let expected = #"{"auto_return":"approved","back_urls":{"failure":"https://shop.example/cart?payment_id=pay_co","#
                + #""pending":"https://shop.example/thanks?payment_id=pay_co","success":"https://shop.example/thanks?payment_id=pay_co"},"#
                + #""expiration_date_to":"2026-01-01T01:00:00.000+00:00","expires":true,"external_reference":"pay_co","#
                + #""items":[{"currency_id":"ARS","quantity":2,"title":"Menú del día","unit_price":60.25},"#
                + #"{"currency_id":"ARS","quantity":1,"title":"Vino","unit_price":30}],"#
                + #""metadata":{"order":"42","pasarela_payment_id":"pay_co"},"#
                + #""notification_url":"https://pay.example.com/webhooks/providers/mp","payer":{"email":"maria@example.com"}}"#
            #expect(call.body?.serialized() == expected)

            let id = opened.payment.providerPaymentID
            #expect(id.hasPrefix("\(FakeMercadoPagoAPI.collectorID)-"))
            #expect(
                opened.payment
                    == ProviderPayment(
                        providerPaymentID: id, status: .requiresAction, providerStatus: "open", amount: Money(minor: 15_050, currency: .ars)))
            #expect(opened.url == "https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id=\(id)")
            #expect(opened.expiresAt == clock.now().addingTimeInterval(3_600))
        }
    }

    @Test("without line items the amount is one item named by the description, else by the payment; sandbox and notification_url options")
    func oneItemSandbox() async throws {
        let options: [String: OptionValue] = ["sandbox": .boolean(true), "notification_url": .string("https://hooks.example/mp")]
        try await withProvider(options: options) { provider, _ in
            let opened = try await provider.openCheckout(checkout(description: nil, email: nil))
            let body = try #require(api.calls.first?.body)
            #expect(
                body["items"]
                    == .array([
                        .object([
                            "title": .string("Payment pay_co"), "quantity": .number("1"), "unit_price": .number("150.5"),
                            "currency_id": .string("ARS"),
                        ])
                    ]))
            #expect(body["notification_url"] == .string("https://hooks.example/mp"))
            #expect(body["payer"] == nil)
            #expect(opened.url == "https://sandbox.mercadopago.com.ar/checkout/v1/redirect?pref_id=\(opened.payment.providerPaymentID)")
            _ = try await provider.openCheckout(checkout("pay_two", email: nil))
            #expect(api.calls.last?.body?["items"]?.arrayValue?.first?["title"] == .string("Cena para dos"))
        }
    }

    @Test("a currency other than the account's, or one MercadoPago does not charge in, is a 422 before any call")
    func currencyRefused() async throws {
        try await withProvider(options: ["currency": .string("ARS")]) { provider, _ in
            for currency in [try Currency(code: "BRL"), .usd] {
                let error = await #expect(throws: PasarelaError.self) {
                    try await provider.openCheckout(checkout(amount: Money(minor: 1_000, currency: currency)))
                }
                #expect(error?.code == .invalidRequest)
                #expect(error?.message.contains("charges in ARS") == true)
            }
            #expect(api.calls.isEmpty)
        }
        try await withProvider { provider, _ in
            let error = await #expect(throws: PasarelaError.self) {
                try await provider.openCheckout(checkout(amount: Money(minor: 1_000, currency: .usd)))
            }
            #expect(error?.message.contains("does not charge in USD") == true)
            #expect(api.calls.isEmpty)
        }
    }

    @Test("a rejected attempt leaves the checkout open on the preference; the approved one takes its id, replacing the preference's")
    func rejectedThenApproved() async throws {
        try await withProvider { provider, _ in
            let preference = try await provider.openCheckout(checkout()).payment.providerPaymentID
            let rejected = try #require(api.pay(preference: preference, status: "rejected", at: clock.now()))
            let retry = try await notify(provider, about: rejected)
            #expect(retry.count == 1)
            #expect(retry.first?.paymentID == "pay_co")
            #expect(retry.first?.type == PaymentStatus.requiresAction.eventType)
            #expect(retry.first?.id.hasPrefix("\(rejected):rejected:") == true)
            #expect(
                retry.first?.payment
                    == ProviderPayment(
                        providerPaymentID: preference, status: .requiresAction, providerStatus: "open",
                        amount: Money(minor: 15_050, currency: .ars)))

            let approved = try #require(api.pay(preference: preference, at: clock.now()))
            // Rejected in another tab before the approval was notified.
            let late = try #require(api.pay(preference: preference, status: "rejected", at: clock.now()))
            let paid = try #require(try await notify(provider, about: approved).first)
            #expect(paid.type == PaymentStatus.succeeded.eventType)
            #expect(paid.paymentID == "pay_co")
            #expect(paid.payment.providerPaymentID == approved)
            #expect(paid.payment.replacesProviderPaymentID == preference)
            #expect(paid.payment.amount == Money(minor: 15_050, currency: .ars))
            #expect(api.payment(approved)?["metadata"]?["pasarela_payment_id"] == .string("pay_co"))

            // The approval closed the preference: no more payments on its link.
            #expect(api.pay(preference: preference, at: clock.now()) == nil)
            // The attempt rejected in the other tab, notified after the approval, changes nothing.
            #expect(try await notify(provider, about: late).isEmpty)
        }
    }

    @Test("a checkout's payment reported in process and rejected later fails the payment; payments not from a checkout are as before")
    func rejectedAfterReported() async throws {
        try await withProvider { provider, _ in
            let preference = try await provider.openCheckout(checkout()).payment.providerPaymentID
            let attempt = try #require(api.pay(preference: preference, status: "in_process", at: clock.now()))
            let processing = try #require(try await notify(provider, about: attempt).first)
            #expect(processing.payment.status == .processing)
            #expect(processing.payment.replacesProviderPaymentID == preference)
            api.settle(attempt, status: "rejected", detail: "cc_rejected_high_risk")
            let failed = try #require(try await notify(provider, about: attempt).first)
            #expect(failed.payment.providerPaymentID == attempt)
            #expect(failed.payment.status == .failed)
            #expect(failed.payment.failureCode == "cc_rejected_high_risk")

            let direct = try await provider.createPayment(
                CreatePaymentRequest(paymentID: "pay_direct", amount: Money(minor: 1_000, currency: .ars), idempotencyKey: "direct"))
            api.settle(direct.providerPaymentID, status: "rejected", detail: "cc_rejected_other_reason")
            let plain = try #require(try await notify(provider, about: direct.providerPaymentID).first)
            #expect(plain.payment.providerPaymentID == direct.providerPaymentID)
            #expect(plain.payment.status == .failed)
            #expect(plain.payment.replacesProviderPaymentID == nil)
        }
    }

    @Test("merchant_order notifications are acknowledged with no event and no call, signed or not; unsigned payment IPNs still refused")
    func merchantOrders() async throws {
        try await withProvider { provider, _ in
            let signed = ProviderWebhookRequest(
                headers: ["x-signature": Notifications.sign(dataID: "998877", requestID: nil)],
                query: ["data.id": "998877", "type": "topic_merchant_order_wh"],
                body: Array(#"{"action":"order.updated","type":"topic_merchant_order_wh","data":{"id":"998877"}}"#.utf8),
                receivedAt: Fixture.now)
            let ipn = ProviderWebhookRequest(
                headers: [:], query: ["topic": "merchant_order", "id": "998877"], body: [], receivedAt: Fixture.now)
            let resource = ProviderWebhookRequest(
                headers: [:],
                body: Array(#"{"resource":"https://api.mercadolibre.com/merchant_orders/998877","topic":"merchant_order"}"#.utf8),
                receivedAt: Fixture.now)
            for request in [signed, ipn, resource] {
                let events = try await provider.handleWebhook(request)
                #expect(events.isEmpty)
            }
            #expect(api.calls.isEmpty)
            let payment = ProviderWebhookRequest(
                headers: [:], query: ["topic": "payment", "id": "1325890123"], body: [], receivedAt: Fixture.now)
            let error = await #expect(throws: PasarelaError.self) { try await provider.handleWebhook(payment) }
            #expect(error?.code == .invalidSignature)
        }
    }

    @Test("reading a preference searches its payments: none → open, expired → canceled; rejected ones skipped; an approved one is the payment")
    func fetchBySearch() async throws {
        try await withProvider { provider, base in
            let preference = try await provider.openCheckout(checkout()).payment.providerPaymentID
            let open = try await provider.fetchPayment(providerPaymentID: preference)
            #expect(open == ProviderPayment(providerPaymentID: preference, status: .requiresAction, providerStatus: "open"))
            let search = try #require(api.calls.last)
            #expect(search.method == "GET" && search.path == "/v1/payments/search")
            #expect(search.query == "external_reference=pay_co&sort=date_created&criteria=desc")
            #expect(search.headers["authorization"] == "Bearer \(Fixture.accessToken)")
            try #require(api.pay(preference: preference, status: "rejected", at: clock.now()) != nil)
            #expect(try await provider.fetchPayment(providerPaymentID: preference).status == .requiresAction)
            clock.advance(by: 3_600)
            let expired = try await provider.fetchPayment(providerPaymentID: preference)
            #expect(expired == ProviderPayment(providerPaymentID: preference, status: .canceled, providerStatus: "expired"))
            #expect(api.pay(preference: preference, at: clock.now()) == nil, "the fake refuses a payment on an expired preference")

            let paidPreference = try await provider.openCheckout(checkout("pay_paid")).payment.providerPaymentID
            let approved = try #require(api.pay(preference: paidPreference, at: clock.now()))
            // A newer payment still in process does not hide the approved one.
            try #require(api.pay(preference: paidPreference, status: "in_process", at: clock.now()) != nil)
            let paid = try await provider.fetchPayment(providerPaymentID: paidPreference)
            #expect(paid.providerPaymentID == approved)
            #expect(paid.replacesProviderPaymentID == paidPreference)
            #expect(paid.status == .succeeded)
            let close = try #require(api.calls.last)
            #expect("\(close.method) \(close.path)" == "PUT /checkout/preferences/\(paidPreference)", "a paid checkout's link is closed")
            #expect(close.headers["x-idempotency-key"] == "close-\(paidPreference)")

            // An instance whose store lost the checkout reads the preference itself first.
            let amnesiac = try Fixture.provider(transport: AsyncHTTPClientTransport(), options: ["api_base": .string(base)], clock: clock)
            let reread = try await amnesiac.fetchPayment(providerPaymentID: paidPreference)
            #expect(reread.providerPaymentID == approved && reread.replacesProviderPaymentID == paidPreference)
            let lastThree = api.calls.suffix(3).map { "\($0.method) \($0.path)" }
            #expect(
                lastThree == [
                    "GET /checkout/preferences/\(paidPreference)", "GET /v1/payments/search", "PUT /checkout/preferences/\(paidPreference)",
                ])
        }
    }

    @Test("canceling an open checkout expires its preference now, so its link takes no payment")
    func cancelExpires() async throws {
        try await withProvider { provider, _ in
            let preference = try await provider.openCheckout(checkout()).payment.providerPaymentID
            clock.advance(by: 60.5)
            let payment = Payment(
                id: "pay_co", instance: "mp", providerPaymentID: preference, status: .requiresAction,
                amount: Money(minor: 15_050, currency: .ars), providerStatus: "open", createdAt: Fixture.now, updatedAt: Fixture.now)
            let canceled = try await provider.cancelPayment(CancelRequest(payment: payment, idempotencyKey: "cancel-pay_co"))
            #expect(canceled == ProviderPayment(providerPaymentID: preference, status: .canceled, providerStatus: "expired"))
            let put = try #require(api.calls.first { $0.method == "PUT" })
            #expect(put.path == "/checkout/preferences/\(preference)")
            #expect(put.headers["x-idempotency-key"] == "cancel-pay_co")
            #expect(put.body == .object(["expires": .bool(true), "expiration_date_to": .string("2026-01-01T00:01:00.500+00:00")]))
            #expect(api.preference(preference)?["expiration_date_to"] == .string("2026-01-01T00:01:00.500+00:00"))
            #expect(api.pay(preference: preference, at: clock.now()) == nil)
        }
    }

    @Test("expiration dates: ISO 8601 with milliseconds and +00:00 out; any offset in")
    func timestamps() {
        let noon = Date(timeIntervalSince1970: 1_796_558_400)
        #expect(MercadoPagoCheckout.timestamp(noon) == "2026-12-06T12:00:00.000+00:00")
        #expect(MercadoPagoCheckout.timestamp(noon.addingTimeInterval(0.0379)) == "2026-12-06T12:00:00.037+00:00")
        #expect(MercadoPagoCheckout.date("2026-12-06T08:00:00.000-04:00") == noon)
        #expect(MercadoPagoCheckout.date("2026-12-06T17:30:00.000+05:30") == noon)
        #expect(MercadoPagoCheckout.date("2026-12-06T12:00:00.000+00:00") == noon)
        let bad = ["2026-12-06", "2026-12-06T08:00:00.000-4:00", "2026-12-06T08:00:00.000+-4:00", "2026-12-06T08:00:00.000-24:00", "soon"]
        for bad in bad {
            #expect(MercadoPagoCheckout.date(bad) == nil, "\(bad)")
        }
        #expect(MercadoPagoCheckout.isPreference("123456789-0d6f2a54-5c3e-4d8c-9d7f-3b1e2a4c5d6e"))
        #expect(!MercadoPagoCheckout.isPreference("1325890123"))
    }
}
