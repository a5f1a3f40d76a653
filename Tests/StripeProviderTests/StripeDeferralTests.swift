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
