import Foundation
import MockProvider
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Mock provider")
struct MockProviderTests {
    let clock = FakeClock()
    let store = InMemoryModuleStore()

    func provider(webhookSecret: String? = "mock_secret") throws -> any PaymentProvider {
        var raw: [String: OptionValue] = [:]
        if let webhookSecret { raw["webhook_secret"] = .string(webhookSecret) }
        let options = try ModuleOptions.validate(raw, against: MockModule.descriptor.options, keyPath: "payments.instances.mock")
        guard case .provider(let make) = MockModule.descriptor.factory else { throw PasarelaError(.configuration, "not a provider") }
        return try make(options, .testing(instanceName: "mock", store: store, clock: clock))
    }

    func request(_ id: String = "pay_1", minor: Int64 = 1250, outcome: String? = nil, key: String? = nil) -> CreatePaymentRequest {
        CreatePaymentRequest(
            paymentID: id, amount: Money(minor: minor, currency: .usd),
            metadata: outcome.map { [MockOutcome.metadataKey: $0] } ?? [:], idempotencyKey: key ?? id)
    }

    @Test("the descriptor declares a provider named mock with its options")
    func descriptor() {
        #expect(MockModule.descriptor.name == "mock")
        #expect(MockModule.descriptor.kind == .provider)
        #expect(MockModule.descriptor.options.map(\.name) == ["webhook_secret", "webhook_tolerance_seconds"])
        #expect(MockModule.descriptor.options.first?.secret == true)
    }

    @Test(
        "each outcome gives its status",
        arguments: [
            (nil, PaymentStatus.succeeded), ("succeed", .succeeded), ("decline", .failed), ("pending", .pending),
            ("requires_action", .requiresAction),
        ] as [(String?, PaymentStatus)])
    func outcomes(outcome: String?, status: PaymentStatus) async throws {
        let payment = try await provider().createPayment(request(outcome: outcome))
        #expect(payment.status == status)
        #expect(payment.providerPaymentID.hasPrefix("mock_pay_"))
        #expect((payment.failureCode != nil) == (status == .failed))
    }

    @Test("a decline carries card_declined or the failure code asked for")
    func declineCode() async throws {
        let mock = try provider()
        #expect(try await mock.createPayment(request("pay_a", outcome: "decline")).failureCode == "card_declined")
        var insufficient = request("pay_b", outcome: "decline")
        insufficient.metadata[MockOutcome.failureCodeKey] = "insufficient_funds"
        #expect(try await mock.createPayment(insufficient).failureCode == "insufficient_funds")
    }

    @Test("timeout and provider_error are retryable errors and store nothing")
    func failures() async throws {
        let mock = try provider()
        let timeout = await #expect(throws: PasarelaError.self) { try await mock.createPayment(request(outcome: "timeout")) }
        #expect(timeout?.code == .providerTimeout)
        #expect(timeout?.isRetryable == true)
        let outage = await #expect(throws: PasarelaError.self) { try await mock.createPayment(request(outcome: "provider_error")) }
        #expect(outage?.code == .providerError)
        #expect(store.keys.isEmpty)
    }

    @Test("an unknown outcome is an invalid request naming the metadata key")
    func unknownOutcome() async throws {
        let error = await #expect(throws: PasarelaError.self) { try await provider().createPayment(request(outcome: "explode")) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("metadata.mock_outcome") == true)
    }

    @Test("the same idempotency key returns the same payment")
    func idempotentCreate() async throws {
        let mock = try provider()
        let first = try await mock.createPayment(request("pay_1", key: "k1"))
        let second = try await mock.createPayment(request("pay_2", key: "k1"))
        #expect(first.providerPaymentID == second.providerPaymentID)
        #expect(store.keys.filter { $0.hasPrefix("payment/") }.count == 1)
    }

    @Test("ids are deterministic")
    func deterministic() async throws {
        let one = try await provider().createPayment(request("pay_same"))
        let other = try await MockProviderTests().provider().createPayment(request("pay_same"))
        #expect(one.providerPaymentID == other.providerPaymentID)
    }

    @Test("partial and full refunds, and no refund beyond the amount")
    func refunds() async throws {
        let mock = try provider()
        let created = try await mock.createPayment(request(minor: 1000))
        let payment = Payment(
            id: "pay_1", instance: "mock", providerPaymentID: created.providerPaymentID, status: .succeeded,
            amount: Money(minor: 1000, currency: .usd), providerStatus: "succeeded", createdAt: clock.now(), updatedAt: clock.now())
        let partial = try await mock.refundPayment(
            RefundRequest(refundID: "re_1", payment: payment, amount: Money(minor: 400, currency: .usd), idempotencyKey: "re_1"))
        #expect(partial.status == .succeeded)
        #expect(try await mock.fetchPayment(providerPaymentID: created.providerPaymentID).status == .partiallyRefunded)
        let tooMuch = await #expect(throws: PasarelaError.self) {
            try await mock.refundPayment(
                RefundRequest(refundID: "re_2", payment: payment, amount: Money(minor: 601, currency: .usd), idempotencyKey: "re_2"))
        }
        #expect(tooMuch?.code == .invalidRequest)
        _ = try await mock.refundPayment(
            RefundRequest(refundID: "re_3", payment: payment, amount: Money(minor: 600, currency: .usd), idempotencyKey: "re_3"))
        let final = try await mock.fetchPayment(providerPaymentID: created.providerPaymentID)
        #expect(final.status == .refunded)
        #expect(final.refundedMinor == 1000)
    }

    @Test("a pending payment can be canceled; a succeeded one cannot")
    func cancel() async throws {
        let mock = try provider()
        let pending = try await mock.createPayment(request("pay_p", outcome: "pending"))
        let succeeded = try await mock.createPayment(request("pay_s"))
        func payment(_ reported: ProviderPayment) -> Payment {
            Payment(
                id: "x", instance: "mock", providerPaymentID: reported.providerPaymentID, status: reported.status,
                amount: Money(minor: 1250, currency: .usd), providerStatus: reported.providerStatus, createdAt: clock.now(),
                updatedAt: clock.now())
        }
        #expect(try await mock.cancelPayment(CancelRequest(payment: payment(pending), idempotencyKey: "c1")).status == .canceled)
        let error = await #expect(throws: PasarelaError.self) {
            try await mock.cancelPayment(CancelRequest(payment: payment(succeeded), idempotencyKey: "c2"))
        }
        #expect(error?.code == .invalidState)
    }

    @Test("a signed webhook settles a pending payment")
    func webhookSettles() async throws {
        let mock = try provider()
        let pending = try await mock.createPayment(request("pay_w", outcome: "pending"))
        let body = Array(#"{"id":"mevt_1","provider_payment_id":"\#(pending.providerPaymentID)","status":"succeeded"}"#.utf8)
        let now = Int(clock.now().timeIntervalSince1970)
        let events = try await mock.handleWebhook(
            ProviderWebhookRequest(
                headers: ["Mock-Signature": MockWebhookSignature.header(body: body, secret: "mock_secret", timestamp: now)],
                body: body, receivedAt: clock.now()))
        #expect(events.count == 1)
        #expect(events.first?.type == .paymentSucceeded)
        #expect(events.first?.paymentID == "pay_w")
        #expect(try await mock.fetchPayment(providerPaymentID: pending.providerPaymentID).status == .succeeded)
    }

    @Test("tampered, stale, future, missing and unconfigured webhook signatures are refused")
    func webhookRefusals() async throws {
        let mock = try provider()
        let body = Array(#"{"id":"mevt_1","provider_payment_id":"mock_pay_x","status":"succeeded"}"#.utf8)
        let now = Int(clock.now().timeIntervalSince1970)
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "x")
        let cases: [([String: String], [UInt8])] = [
            (["Mock-Signature": MockWebhookSignature.header(body: body, secret: "mock_secret", timestamp: now)], tampered),
            (["Mock-Signature": MockWebhookSignature.header(body: body, secret: "wrong", timestamp: now)], body),
            (["Mock-Signature": MockWebhookSignature.header(body: body, secret: "mock_secret", timestamp: now - 301)], body),
            (["Mock-Signature": MockWebhookSignature.header(body: body, secret: "mock_secret", timestamp: now + 301)], body),
            ([:], body),
            (["Mock-Signature": "garbage"], body),
            (["Mock-Signature": "t=-9223372036854775808,v1=00"], body),
            (["Mock-Signature": "t=9223372036854775807,v1=00"], body),
        ]
        for (headers, payload) in cases {
            let error = await #expect(throws: PasarelaError.self) {
                try await mock.handleWebhook(ProviderWebhookRequest(headers: headers, body: payload, receivedAt: clock.now()))
            }
            #expect(error?.code == .invalidSignature)
        }
        let unconfigured = try provider(webhookSecret: nil)
        let error = await #expect(throws: PasarelaError.self) {
            try await unconfigured.handleWebhook(
                ProviderWebhookRequest(
                    headers: ["Mock-Signature": MockWebhookSignature.header(body: body, secret: "", timestamp: now)],
                    body: body, receivedAt: clock.now()))
        }
        #expect(error?.code == .invalidSignature)
    }

    @Test("an unknown status in a webhook is acknowledged with no event")
    func unknownWebhookStatus() async throws {
        let body = Array(#"{"id":"mevt_2","provider_payment_id":"mock_pay_x","status":"teleported"}"#.utf8)
        let now = Int(clock.now().timeIntervalSince1970)
        let events = try await provider().handleWebhook(
            ProviderWebhookRequest(
                headers: ["mock-signature": MockWebhookSignature.header(body: body, secret: "mock_secret", timestamp: now)],
                body: body, receivedAt: clock.now()))
        #expect(events.isEmpty)
    }
}
