import FakeStripeAPI
import Foundation
import PasarelaKit
import PasarelaTesting
import StripeProvider
import Testing

@testable import PasarelaHost

/// The conformance kit against the fake Stripe API over real HTTP, through the host's transport.
@Suite("Stripe module: conformance")
struct StripeConformanceTests {
    let fake = FakeStripeAPI()

    @Test("the stripe module passes the conformance kit, hosted checkout included")
    func conformance() async throws {
        try await fake.run { [fake] base in
            try await ProviderConformance(
                StripeModule.descriptor,
                ProviderConformanceFixture(
                    options: [
                        "secret_key": .string(FakeStripeAPI.defaultSecretKey), "webhook_secret": .string(StripeTest.webhookSecret),
                        "api_base": .string(base),
                    ],
                    transport: AsyncHTTPClientTransport(),
                    currencies: [.jpy, .usd, .kwd],
                    paymentMethod: StripeTest.confirmed("pm_card_visa"),
                    // For these currencies Stripe's integer amount is the ISO minor amount.
                    chargedAmount: { id in
                        guard let intent = fake.paymentIntent(id), let amount = intent["amount"]?.int64Value,
                            let currency = intent["currency"]?.stringValue
                        else { return nil }
                        return Money(minor: amount, currency: try Currency(code: currency))
                    },
                    webhooks: ProviderWebhookFixture(
                        sign: { body, time in
                            .init(headers: [
                                StripeWebhookSignature.headerName: StripeWebhookSignature.header(
                                    body: body, secret: StripeTest.webhookSecret, timestamp: Int(time.timeIntervalSince1970))
                            ])
                        },
                        event: { id in fake.eventBody(type: "payment_intent.succeeded", object: fake.paymentIntent(id) ?? .null) },
                        unknownEvent: { _ in
                            fake.eventBody(
                                type: "customer.created", object: .object(["id": .string("cus_fake1"), "object": .string("customer")]))
                        },
                        tolerance: 300))
            ).check()
        }
        let lines = fake.requests.map(\.line)
        #expect(lines.filter { $0 == "POST /v1/checkout/sessions" }.count == 2, "the checkout, opened twice with one key")
        #expect(lines.contains { $0.hasPrefix("POST /v1/checkout/sessions/cs_") && $0.hasSuffix("/expire") })
    }
}
