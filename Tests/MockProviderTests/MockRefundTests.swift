import Foundation
import MockProvider
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Mock provider refunds")
struct MockRefundTests {
    let base = MockProviderTests()

    func webhook(_ mock: any PaymentProvider, _ json: String) async throws -> [NormalizedEvent] {
        let body = Array(json.utf8)
        let now = Int(base.clock.now().timeIntervalSince1970)
        return try await mock.handleWebhook(
            ProviderWebhookRequest(
                headers: ["Mock-Signature": MockWebhookSignature.header(body: body, secret: "mock_secret", timestamp: now)],
                body: body, receivedAt: base.clock.now()))
    }

    /// A succeeded payment of 10.00 USD at `mock`, as the host keeps it.
    func succeededPayment(_ mock: any PaymentProvider) async throws -> Payment {
        let created = try await mock.createPayment(base.request(minor: 1000))
        return Payment(
            id: "pay_1", instance: "mock", providerPaymentID: created.providerPaymentID, status: .succeeded,
            amount: Money(minor: 1000, currency: .usd), providerStatus: "succeeded", createdAt: base.clock.now(), updatedAt: base.clock.now())
    }

    @Test("mock_outcome pending keeps a refund pending, replays as pending, and a refund webhook settles it once")
    func pendingRefund() async throws {
        let mock = try base.provider()
        let payment = try await succeededPayment(mock)
        let request = RefundRequest(
            refundID: "re_1", payment: payment, amount: Money(minor: 400, currency: .usd), idempotencyKey: "re_1",
            metadata: [MockOutcome.metadataKey: "pending"])
        let refund = try await mock.refundPayment(request)
        #expect(refund.status == .pending)
        #expect(try await mock.refundPayment(request) == refund)
        #expect(try await mock.fetchPayment(providerPaymentID: payment.providerPaymentID).refundedMinor == 0)

        let settle = #"{"id":"mevt_r","provider_refund_id":"\#(refund.providerRefundID)","status":"succeeded"}"#
        let event = try #require(try await webhook(mock, settle).first)
        #expect(event.refund == ProviderRefund(providerRefundID: refund.providerRefundID, status: .succeeded))
        #expect(event.paymentID == "pay_1")
        #expect(event.type == .paymentPartiallyRefunded)
        #expect(event.payment.refundedMinor == 400)
        #expect(event.payment.amount == Money(minor: 1000, currency: .usd))
        let late = #"{"id":"mevt_s","provider_refund_id":"\#(refund.providerRefundID)","status":"failed"}"#
        #expect(try await webhook(mock, late).first?.refund?.status == .succeeded)
        #expect(try await mock.fetchPayment(providerPaymentID: payment.providerPaymentID).refundedMinor == 400)
        #expect(try await webhook(mock, #"{"id":"mevt_t","provider_refund_id":"mock_re_none","status":"failed"}"#).isEmpty)
        #expect(try await mock.refundPayment(request).status == .succeeded)
    }

    @Test("decline fails a refund; an outcome refunds cannot have is a 422")
    func refundOutcomes() async throws {
        let mock = try base.provider()
        let payment = try await succeededPayment(mock)
        func refund(_ outcome: String, key: String) async throws -> ProviderRefund {
            try await mock.refundPayment(
                RefundRequest(
                    refundID: key, payment: payment, amount: Money(minor: 100, currency: .usd), idempotencyKey: key,
                    metadata: [MockOutcome.metadataKey: outcome]))
        }
        #expect(try await refund("decline", key: "re_d").status == .failed)
        let error = await #expect(throws: PasarelaError.self) { try await refund("requires_action", key: "re_r") }
        #expect(error?.code == .invalidRequest)
        #expect(try await mock.fetchPayment(providerPaymentID: payment.providerPaymentID).refundedMinor == 0)
    }
}
