import FakeStripeAPI
import Foundation
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
@testable import StripeProvider
import Testing

/// Checkout Sessions and 3-D Secure redirects against the local fake of Stripe's API, over real HTTP.
@Suite("Stripe hosted checkout")
struct StripeCheckoutTests {
    let fake = FakeStripeAPI()
    let clock = FakeClock()

    func withProvider(_ body: @Sendable (StripePaymentProvider) async throws -> Void) async throws {
        try await fake.run { base in
            try await body(StripeTest.provider(apiBase: base, transport: AsyncHTTPClientTransport(), clock: clock))
        }
    }

    /// A checkout for `pay_co` of `items` (or, with none, of `minor` in `currency`), expiring
    /// `seconds` from the clock's now.
    func checkout(
        minor: Int64 = 2_500, currency: Currency = .usd, items: [CheckoutLineItem] = [], seconds: TimeInterval = 3_600,
        description: String? = "Dinner for two"
    ) -> CheckoutRequest {
        CheckoutRequest(
            paymentID: "pay_co", amount: Money(minor: minor, currency: currency), description: description, metadata: ["order": "42"],
            customer: Customer(email: "ana@example.com"), lineItems: items,
            successURL: "https://shop.example/thanks?payment_id=pay_co", cancelURL: "https://shop.example/cart?payment_id=pay_co",
            expiresAt: clock.now().addingTimeInterval(seconds), routesURL: "http://pasarela.test/checkout/stripe",
            webhookURL: "http://pasarela.test/webhooks/providers/stripe", idempotencyKey: "co-key")
    }

    @Test("openCheckout sends Stripe's Checkout Session form and answers the session's page, expiry and id")
    func opensSession() async throws {
        try await withProvider { stripe in
            #expect(stripe.capabilities.contains(.hostedCheckout))
            let items = [
                CheckoutLineItem(name: "Menu del día", quantity: 2, unitAmount: Money(minor: 1_000, currency: .usd)),
                CheckoutLineItem(name: "Wine & water", quantity: 1, unitAmount: Money(minor: 500, currency: .usd)),
            ]
            let opened = try await stripe.openCheckout(checkout(items: items))
            let sent = try #require(fake.requests.first)
            let expiresAt = Int(clock.now().timeIntervalSince1970) + 3_600
            #expect(sent.line == "POST /v1/checkout/sessions")
            #expect(
                sent.body
                    == "mode=payment&success_url=https%3A%2F%2Fshop.example%2Fthanks%3Fpayment_id%3Dpay_co"
                    + "&cancel_url=https%3A%2F%2Fshop.example%2Fcart%3Fpayment_id%3Dpay_co&client_reference_id=pay_co"
                    + "&customer_email=ana%40example.com&expires_at=\(expiresAt)"
                    + "&line_items%5B0%5D%5Bquantity%5D=2&line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=usd"
                    + "&line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=1000"
                    + "&line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=Menu+del+d%C3%ADa"
                    + "&line_items%5B1%5D%5Bquantity%5D=1&line_items%5B1%5D%5Bprice_data%5D%5Bcurrency%5D=usd"
                    + "&line_items%5B1%5D%5Bprice_data%5D%5Bunit_amount%5D=500"
                    + "&line_items%5B1%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=Wine+%26+water"
                    + "&metadata%5Border%5D=42&metadata%5Bpasarela_payment_id%5D=pay_co"
                    + "&payment_intent_data%5Bdescription%5D=Dinner+for+two"
                    + "&payment_intent_data%5Bmetadata%5D%5Border%5D=42&payment_intent_data%5Bmetadata%5D%5Bpasarela_payment_id%5D=pay_co")
            #expect(sent.headers["idempotency-key"] == "co-key")
            #expect(opened.payment.providerPaymentID.hasPrefix("cs_"))
            #expect(opened.payment.status == .requiresAction)
            #expect(opened.payment.amount == Money(minor: 2_500, currency: .usd))
            #expect(opened.url == "https://checkout.stripe.com/c/pay/\(opened.payment.providerPaymentID)")
            #expect(Int(opened.expiresAt.timeIntervalSince1970) == expiresAt)
        }
    }

    @Test("without line items the amount is one item named by the description; zero-decimal currencies in whole units")
    func oneItemZeroDecimal() async throws {
        try await withProvider { stripe in
            _ = try await stripe.openCheckout(checkout(minor: 4_500, currency: .jpy, description: nil))
            let sent = try #require(fake.requests.first)
            #expect(sent.field("line_items[0][price_data][unit_amount]") == "4500")
            #expect(sent.field("line_items[0][price_data][currency]") == "jpy")
            #expect(sent.field("line_items[0][quantity]") == "1")
            #expect(sent.field("line_items[0][price_data][product_data][name]") == "Payment pay_co")
            #expect(sent.field("line_items[1][quantity]") == nil)
        }
    }

    @Test("an expiry Stripe cannot honour is a 422 before any call; 30 minutes is sent a minute later")
    func expiryRange() async throws {
        try await withProvider { stripe in
            for seconds: TimeInterval in [60, 1_799, 86_401] {
                let error = await #expect(throws: PasarelaError.self) { try await stripe.openCheckout(checkout(seconds: seconds)) }
                #expect(error?.code == .invalidRequest)
                #expect(error?.message.contains("30 minutes to 24 hours") == true)
            }
            #expect(fake.requests.isEmpty)
            let opened = try await stripe.openCheckout(checkout(seconds: 1_800))
            let now = Int(clock.now().timeIntervalSince1970)
            #expect(fake.requests.first?.field("expires_at") == String(now + 1_860))
            #expect(Int(opened.expiresAt.timeIntervalSince1970) == now + 1_860, "the page's expiry is the one Stripe holds")
        }
    }

    @Test("reading a session: open → requires_action; paid → the PaymentIntent, succeeded, replacing the session's id")
    func fetchSession() async throws {
        try await withProvider { stripe in
            let opened = try await stripe.openCheckout(checkout())
            let sessionID = opened.payment.providerPaymentID
            let open = try await stripe.fetchPayment(providerPaymentID: sessionID)
            #expect(open.status == .requiresAction)
            #expect(open.providerPaymentID == sessionID)
            #expect(fake.requests.last?.line == "GET /v1/checkout/sessions/\(sessionID)?expand%5B%5D=payment_intent.latest_charge")
            let completed = try #require(fake.completeSession(sessionID))
            let intentID = try #require(completed["payment_intent"]?.stringValue)
            #expect(fake.paymentIntent(intentID)?["metadata"]?["pasarela_payment_id"]?.stringValue == "pay_co")
            let paid = try await stripe.fetchPayment(providerPaymentID: sessionID)
            #expect(paid.status == .succeeded)
            #expect(paid.providerPaymentID == intentID)
            #expect(paid.replacesProviderPaymentID == sessionID)
            #expect(paid.refundedMinor == 0)
        }
    }

    @Test("canceling an open checkout expires its session; a session that ran out reads canceled")
    func cancelAndExpire() async throws {
        try await withProvider { stripe in
            let first = try await stripe.openCheckout(checkout())
            let payment = StripeTest.payment(first.payment.providerPaymentID, id: "pay_co", minor: 2_500, status: .requiresAction)
            let canceled = try await stripe.cancelPayment(CancelRequest(payment: payment, idempotencyKey: "cancel-pay_co"))
            #expect(canceled.status == .canceled)
            #expect(fake.requests.last?.line == "POST /v1/checkout/sessions/\(first.payment.providerPaymentID)/expire")
            #expect(fake.requests.last?.headers["idempotency-key"] == "cancel-pay_co")
            var other = checkout()
            other.idempotencyKey = "co-key-2"
            let second = try await stripe.openCheckout(other)
            fake.letSessionExpire(second.payment.providerPaymentID)
            let read = try await stripe.fetchPayment(providerPaymentID: second.payment.providerPaymentID)
            #expect(read.status == .canceled)
            #expect(read.providerStatus == "expired")
        }
    }

    @Test("a PaymentIntent that needs 3-D Secure: redirect_to_url with a return_url, provider_sdk and its client_secret without")
    func threeDSecure() async throws {
        try await withProvider { stripe in
            let method: JSONValue = .object([
                "id": .string("pm_card_authenticationRequired"), "confirm": .bool(true),
                "return_url": .string("https://shop.example/3ds-done"),
            ])
            let redirect = try await stripe.createPayment(StripeTest.create("pay_3ds", method: method))
            #expect(redirect.status == .requiresAction)
            #expect(redirect.nextAction?.type == .redirectToURL)
            #expect(redirect.nextAction?.url?.hasPrefix("https://hooks.stripe.com/3d_secure_2/hosted") == true)
            let sdk = try await stripe.createPayment(
                StripeTest.create("pay_sdk", method: StripeTest.confirmed("pm_card_authenticationRequired")))
            #expect(sdk.nextAction == .providerSDK(clientSecret: "\(sdk.providerPaymentID)_secret_fake"))
            let paid = try await stripe.createPayment(StripeTest.create("pay_ok", method: StripeTest.confirmed("pm_card_visa")))
            #expect(paid.nextAction == nil)
        }
    }
}
