import Foundation
import PasarelaKit
import PasarelaTesting
@testable import StripeProvider
import Testing

@Suite("Stripe: webhooks deferred while Stripe is down")
struct StripeDeferralTests {
    let clock = FakeClock()
    let body = #"{"id":"evt_ref","object":"event","type":"refund.updated","created":1767225600,"data":{"object":{"id":"re_1","object":"refund","payment_intent":"pi_9","status":"succeeded","metadata":{}}}}"#

    func request(verified: Bool = false, signedAt offset: Int = 0) -> ProviderWebhookRequest {
        let header = StripeWebhookSignature.scheme(tolerance: 300).header(
            body: Array(body.utf8), secret: StripeTest.webhookSecret, timestamp: Int(clock.now().timeIntervalSince1970) + offset)
        return ProviderWebhookRequest(
            headers: [StripeWebhookSignature.headerName: header], body: Array(body.utf8), receivedAt: clock.now(), verified: verified)
    }

    @Test("a refund event whose PaymentIntent cannot be read now is deferred, not failed")
    func deferred() async throws {
        let provider = StripeTest.provider(transport: FakeTransport { _ in TransportResponse(status: 503) }, clock: clock)
        await #expect(throws: WebhookDeferral.self) { try await provider.handleWebhook(request()) }
    }

    @Test("handed back later, the event is not checked again; a fresh stale one still is")
    func handedBack() async throws {
        let intent = #"{"id":"pi_9","object":"payment_intent","status":"succeeded","amount":1099,"amount_received":1099,"currency":"usd","metadata":{},"latest_charge":{"id":"ch_1","object":"charge","amount":1099,"amount_refunded":1099,"refunded":true,"currency":"usd"}}"#
        let provider = StripeTest.provider(
            transport: FakeTransport { _ in TransportResponse(status: 200, body: Array(intent.utf8)) }, clock: clock)
        await #expect(throws: PasarelaError.self) { try await provider.handleWebhook(request(signedAt: -3600)) }
        let events = try await provider.handleWebhook(request(verified: true, signedAt: -3600))
        #expect(events.map(\.type) == [.paymentRefunded])
    }
}

@Suite("Stripe: edge cases")
struct StripeEdgeCaseTests {
    @Test("metadata keys with [ or ] are refused before any call: Stripe would read them as nested fields")
    func bracketedMetadata() async throws {
        let transport = FakeTransport { _ in TransportResponse(status: 200) }
        let error = await #expect(throws: PasarelaError.self) {
            try await StripeTest.provider(transport: transport).createPayment(StripeTest.create(metadata: ["order[id]": "42"]))
        }
        #expect(error?.code == .invalidRequest)
        #expect(transport.requests.isEmpty)
    }

    @Test("a refund event about a PaymentIntent Stripe does not know is acknowledged with no event")
    func refundForUnknownIntent() async throws {
        let clock = FakeClock()
        let body = #"{"id":"evt_x","object":"event","type":"refund.created","created":1767225600,"data":{"object":{"id":"re_x","object":"refund","payment_intent":"pi_elsewhere","status":"succeeded","metadata":{}}}}"#
        let notFound = #"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such payment_intent: 'pi_elsewhere'"}}"#
        let provider = StripeTest.provider(
            transport: FakeTransport { _ in TransportResponse(status: 404, body: Array(notFound.utf8)) }, clock: clock)
        let header = StripeWebhookSignature.scheme(tolerance: 300).header(
            body: Array(body.utf8), secret: StripeTest.webhookSecret, timestamp: Int(clock.now().timeIntervalSince1970))
        let events = try await provider.handleWebhook(
            ProviderWebhookRequest(headers: [StripeWebhookSignature.headerName: header], body: Array(body.utf8), receivedAt: clock.now()))
        #expect(events.isEmpty)
    }

    @Test("a refused key's answer is not repeated: Stripe's message quotes part of the key")
    func refusedKeyMessage() async throws {
        let refused = #"{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: sk_test_****p7dc"}}"#
        let provider = StripeTest.provider(transport: FakeTransport { _ in TransportResponse(status: 401, body: Array(refused.utf8)) })
        let error = await #expect(throws: PasarelaError.self) { try await provider.fetchPayment(providerPaymentID: "pi_1") }
        #expect(error?.message.contains("p7dc") == false)
    }

    @Test("a 409 Stripe marks Stripe-Should-Retry is a retryable provider error; a plain 409 is a conflict")
    func shouldRetry() async throws {
        let body = #"{"error":{"type":"idempotency_error","message":"There is currently another in-progress request using this Idempotent Key"}}"#
        for (header, code, retryable) in [("true", PasarelaError.Code.providerError, true), ("false", .idempotencyConflict, false)] {
            let provider = StripeTest.provider(
                transport: FakeTransport { _ in TransportResponse(status: 409, headers: [("Stripe-Should-Retry", header)], body: Array(body.utf8)) })
            let error = await #expect(throws: PasarelaError.self) { try await provider.createPayment(StripeTest.create()) }
            #expect(error?.code == code)
            #expect(error?.isRetryable == retryable)
        }
    }
}
