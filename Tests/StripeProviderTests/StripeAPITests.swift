import FakeStripeAPI
import Foundation
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
@testable import StripeProvider
import Testing

/// The module against a local fake of Stripe's API over real HTTP, through the host's transport.
@Suite("Stripe API calls")
struct StripeAPITests {
    let fake = FakeStripeAPI()

    func withProvider(
        timeout: Duration = .seconds(5), captureMethod: String? = nil, automaticPaymentMethods: Bool? = nil,
        _ body: @Sendable (StripePaymentProvider) async throws -> Void
    ) async throws {
        try await fake.run { base in
            try await body(
                StripeTest.provider(
                    apiBase: base, transport: AsyncHTTPClientTransport(), timeout: timeout, captureMethod: captureMethod,
                    automaticPaymentMethods: automaticPaymentMethods))
        }
    }

    @Test("create sends the exact form, Bearer auth, Stripe-Version and the Idempotency-Key")
    func createEncoding() async throws {
        try await withProvider(captureMethod: "automatic", automaticPaymentMethods: true) { stripe in
            let request = StripeTest.create(
                "pay_enc", minor: 1099, method: StripeTest.confirmed("pm_card_visa"), metadata: ["order": "A 1/2"], key: "idem-1",
                description: "Dinner & drinks", email: "ana@example.com")
            let payment = try await stripe.createPayment(request)
            #expect(payment.status == .succeeded)
            #expect(payment.providerPaymentID.hasPrefix("pi_"))
            let sent = try #require(fake.requests.first)
            #expect(fake.requests.count == 1)
            #expect(sent.line == "POST /v1/payment_intents")
            #expect(
                sent.body
                    == "amount=1099&currency=usd&description=Dinner+%26+drinks&receipt_email=ana%40example.com"
                    + "&payment_method=pm_card_visa&confirm=true&capture_method=automatic&automatic_payment_methods%5Benabled%5D=true"
                    + "&metadata%5Border%5D=A+1%2F2&metadata%5Bpasarela_payment_id%5D=pay_enc")
            #expect(sent.headers["authorization"] == "Bearer \(FakeStripeAPI.defaultSecretKey)")
            #expect(sent.headers["stripe-version"] == StripeModule.defaultAPIVersion)
            #expect(sent.headers["idempotency-key"] == "idem-1")
            #expect(sent.headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(fake.paymentIntent(payment.providerPaymentID)?["metadata"]?["pasarela_payment_id"]?.stringValue == "pay_enc")
        }
    }

    @Test("a minimal create sends amount, lowercase currency and metadata only; zero- and three-decimal amounts per Stripe")
    func minimalCreate() async throws {
        try await withProvider { stripe in
            let pending = try await stripe.createPayment(StripeTest.create("pay_jpy", minor: 500, currency: .jpy))
            #expect(pending.status == .pending)
            #expect(pending.providerStatus == "requires_payment_method")
            _ = try await stripe.createPayment(StripeTest.create("pay_kwd", minor: 5120, currency: .kwd))
            #expect(fake.requests.map(\.body) == [
                "amount=500&currency=jpy&metadata%5Bpasarela_payment_id%5D=pay_jpy",
                "amount=5120&currency=kwd&metadata%5Bpasarela_payment_id%5D=pay_kwd",
            ])
            let error = await #expect(throws: PasarelaError.self) {
                try await stripe.createPayment(StripeTest.create("pay_bad", minor: 5125, currency: .kwd))
            }
            #expect(error?.code == .invalidRequest)
            #expect(fake.requests.count == 2, "an amount Stripe cannot take is refused before any call")
        }
    }

    @Test(
        "card declines create a failed payment with the decline code",
        arguments: [("pm_card_chargeDeclined", "generic_decline"), ("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds")])
    func declines(method: String, code: String) async throws {
        try await withProvider { stripe in
            let payment = try await stripe.createPayment(StripeTest.create(method: StripeTest.confirmed(method)))
            #expect(payment.status == .failed)
            #expect(payment.failureCode == code)
            #expect(payment.failureMessage != nil)
            #expect(payment.providerPaymentID.hasPrefix("pi_"))
            #expect(payment.providerStatus == "requires_payment_method")
        }
    }

    @Test(
        "in-flight outcomes of a confirmed create",
        arguments: [
            ("pm_card_authenticationRequired", nil, PaymentStatus.requiresAction),
            ("pm_fake_processing", nil, .processing),
            ("pm_card_visa", "manual", .processing),
        ] as [(String, String?, PaymentStatus)])
    func inFlight(method: String, capture: String?, expected: PaymentStatus) async throws {
        try await withProvider(captureMethod: capture) { stripe in
            let payment = try await stripe.createPayment(StripeTest.create(method: StripeTest.confirmed(method)))
            #expect(payment.status == expected)
        }
    }

    @Test("payment_method must be an object of id, confirm and return_url")
    func paymentMethodShape() async throws {
        try await withProvider { stripe in
            for method: JSONValue in [
                .string("pm_card_visa"), .object(["id": .number("1")]), .object(["confirm": .string("yes")]),
                .object(["token": .string("tok")]),
            ] {
                let error = await #expect(throws: PasarelaError.self) { try await stripe.createPayment(StripeTest.create(method: method)) }
                #expect(error?.code == .invalidRequest)
            }
            #expect(fake.requests.isEmpty)
        }
    }

    @Test("the same Idempotency-Key gives the same PaymentIntent; another body with it is a conflict")
    func idempotency() async throws {
        try await withProvider { stripe in
            let first = try await stripe.createPayment(StripeTest.create("pay_a", method: StripeTest.confirmed("pm_card_visa"), key: "k"))
            let again = try await stripe.createPayment(StripeTest.create("pay_a", method: StripeTest.confirmed("pm_card_visa"), key: "k"))
            #expect(first.providerPaymentID == again.providerPaymentID)
            let error = await #expect(throws: PasarelaError.self) {
                try await stripe.createPayment(StripeTest.create("pay_b", minor: 2000, key: "k"))
            }
            #expect(error?.code == .idempotencyConflict)
        }
    }

    @Test("fetch reads the PaymentIntent with its charge expanded")
    func fetch() async throws {
        try await withProvider { stripe in
            let created = try await stripe.createPayment(StripeTest.create(method: StripeTest.confirmed("pm_card_visa")))
            let fetched = try await stripe.fetchPayment(providerPaymentID: created.providerPaymentID)
            #expect(fetched.status == .succeeded)
            #expect(fetched.refundedMinor == 0)
            let sent = try #require(fake.requests.last)
            #expect(sent.line == "GET /v1/payment_intents/\(created.providerPaymentID)?expand%5B%5D=latest_charge")
            #expect(sent.headers["idempotency-key"] == nil)
            #expect(sent.headers["authorization"] == "Bearer \(FakeStripeAPI.defaultSecretKey)")
            let missing = await #expect(throws: PasarelaError.self) { try await stripe.fetchPayment(providerPaymentID: "pi_nope") }
            #expect(missing?.code == .notFound)
        }
    }

    @Test("a full refund of a payment never refunded before leaves the amount to Stripe")
    func fullRefund() async throws {
        try await withProvider { stripe in
            let paymentIntent = try await StripeTest.createAndRefundInFull(with: stripe, refundID: "re_9", key: "rk9")
            #expect(
                fake.requests.last?.body
                    == "payment_intent=\(paymentIntent)&metadata%5Bpasarela_payment_id%5D=pay_1&metadata%5Bpasarela_refund_id%5D=re_9")
        }
    }

    @Test("a partial refund sends amount; the rest after it is named too; both carry the host's ids and key")
    func refunds() async throws {
        try await withProvider { stripe in
            let created = try await stripe.createPayment(StripeTest.create(method: StripeTest.confirmed("pm_card_visa")))
            let payment = StripeTest.payment(created.providerPaymentID)
            let partial = try await stripe.refundPayment(
                RefundRequest(refundID: "re_1", payment: payment, amount: Money(minor: 300, currency: .usd), idempotencyKey: "rk1"))
            #expect(partial.status == .succeeded)
            #expect(partial.providerRefundID.hasPrefix("re_"))
            var rest = payment
            rest.refundedMinor = 300
            rest.status = .partiallyRefunded
            _ = try await stripe.refundPayment(
                RefundRequest(
                    refundID: "re_2", payment: rest, amount: Money(minor: 799, currency: .usd), reason: "requested_by_customer",
                    idempotencyKey: "rk2"))
            let sent = fake.requests.suffix(2)
            #expect(sent.map(\.line) == ["POST /v1/refunds", "POST /v1/refunds"])
            #expect(
                sent.first?.body
                    == "payment_intent=\(created.providerPaymentID)&amount=300&metadata%5Bpasarela_payment_id%5D=pay_1&metadata%5Bpasarela_refund_id%5D=re_1")
            #expect(
                sent.last?.body
                    == "payment_intent=\(created.providerPaymentID)&amount=799&reason=requested_by_customer&metadata%5Bpasarela_payment_id%5D=pay_1&metadata%5Bpasarela_refund_id%5D=re_2")
            #expect(sent.map { $0.headers["idempotency-key"] } == ["rk1", "rk2"])
            #expect(try await stripe.fetchPayment(providerPaymentID: created.providerPaymentID).status == .refunded)
            let again = await #expect(throws: PasarelaError.self) {
                try await stripe.refundPayment(
                    RefundRequest(refundID: "re_3", payment: rest, amount: Money(minor: 1, currency: .usd), idempotencyKey: "rk3"))
            }
            #expect(again?.code == .invalidState)
        }
    }

    @Test("cancel posts to /cancel with the key; cancelling a succeeded payment is an invalid state")
    func cancel() async throws {
        try await withProvider { stripe in
            let pending = try await stripe.createPayment(StripeTest.create("pay_c"))
            let canceled = try await stripe.cancelPayment(
                CancelRequest(payment: StripeTest.payment(pending.providerPaymentID, status: .pending), idempotencyKey: "cancel-pay_c"))
            #expect(canceled.status == .canceled)
            let sent = try #require(fake.requests.last)
            #expect(sent.line == "POST /v1/payment_intents/\(pending.providerPaymentID)/cancel")
            #expect(sent.body == "")
            #expect(sent.headers["idempotency-key"] == "cancel-pay_c")
            let succeeded = try await stripe.createPayment(StripeTest.create("pay_d", method: StripeTest.confirmed("pm_card_visa")))
            let error = await #expect(throws: PasarelaError.self) {
                try await stripe.cancelPayment(CancelRequest(payment: StripeTest.payment(succeeded.providerPaymentID), idempotencyKey: "c2"))
            }
            #expect(error?.code == .invalidState)
        }
    }

    @Test("429 is retried with the same Idempotency-Key until it passes")
    func rateLimitRetried() async throws {
        try await withProvider { stripe in
            fake.enqueueError(status: 429, type: "rate_limit_error")
            fake.enqueueError(status: 429, type: "rate_limit_error")
            let payment = try await stripe.createPayment(StripeTest.create(method: StripeTest.confirmed("pm_card_visa"), key: "retry-key"))
            #expect(payment.status == .succeeded)
            #expect(fake.requests.count == 3)
            #expect(Set(fake.requests.map(\.body)).count == 1)
            #expect(fake.requests.allSatisfy { $0.headers["idempotency-key"] == "retry-key" })
        }
    }

    @Test("429 past max_network_retries is a retryable provider error")
    func rateLimitExhausted() async throws {
        try await withProvider { stripe in
            for _ in 0..<3 { fake.enqueueError(status: 429, type: "rate_limit_error") }
            let error = await #expect(throws: PasarelaError.self) { try await stripe.createPayment(StripeTest.create()) }
            #expect(error?.code == .providerError)
            #expect(error?.isRetryable == true)
            #expect(fake.requests.count == 3)
        }
    }

    @Test(
        "api_error, 5xx and garbage are retryable provider errors, never a false failed; nothing is retried",
        arguments: [(500, #"{"error":{"type":"api_error","message":"boom"}}"#), (503, "<html>unavailable</html>"), (200, "not json")])
    func outages(status: Int, body: String) async throws {
        try await withProvider { stripe in
            fake.enqueue(status: status, body: body)
            let error = await #expect(throws: PasarelaError.self) { try await stripe.createPayment(StripeTest.create()) }
            #expect(error?.code == .providerError)
            #expect(error?.isRetryable == true)
            #expect(fake.requests.count == 1)
        }
    }

    @Test("a timeout is a retryable provider error")
    func timeout() async throws {
        try await withProvider(timeout: .milliseconds(200)) { stripe in
            fake.enqueue(status: 200, body: "{}", delay: .seconds(2))
            let error = await #expect(throws: PasarelaError.self) { try await stripe.createPayment(StripeTest.create()) }
            #expect(error?.code == .providerError)
            #expect(error?.isRetryable == true)
        }
    }

    @Test("a refused key is a non-retryable provider error whose message does not carry the key")
    func authentication() async throws {
        try await fake.run { base in
            let stripe = StripeTest.provider(apiBase: base, secretKey: "sk_test_wrong_key", transport: AsyncHTTPClientTransport())
            let error = await #expect(throws: PasarelaError.self) { try await stripe.createPayment(StripeTest.create()) }
            #expect(error?.code == .providerError)
            #expect(error?.isRetryable == false)
            #expect(error?.message.contains("sk_test_wrong_key") == false)
        }
    }

    @Test("a refund.updated webhook reads the PaymentIntent from the API")
    func refundWebhookFetches() async throws {
        try await withProvider { stripe in
            let paymentIntent = try await StripeTest.createAndRefundInFull(with: stripe, refundID: "re_1", key: "rk")
            let refund: JSONValue = .object([
                "id": .string("re_x"), "object": .string("refund"), "status": .string("succeeded"),
                "payment_intent": .string(paymentIntent), "metadata": .object(["pasarela_payment_id": .string("pay_1")]),
            ])
            let body = fake.eventBody(type: "refund.updated", object: refund)
            let now = Int(FakeClock().now().timeIntervalSince1970)
            let events = try await stripe.handleWebhook(
                ProviderWebhookRequest(
                    headers: ["Stripe-Signature": StripeWebhookSignature.header(body: body, secret: StripeTest.webhookSecret, timestamp: now)],
                    body: body, receivedAt: Date()))
            #expect(events.map(\.type) == [.paymentRefunded])
            #expect(fake.requests.last?.method == "GET")
        }
    }
}
