@testable import StripeProvider
import Testing

@Suite("Stripe client")
struct StripeClientTests {
    @Test("an Idempotency-Key longer than Stripe's 255 characters becomes a stable digest")
    func longIdempotencyKey() {
        #expect(StripeClient.stripeIdempotencyKey("order-42") == "order-42")
        let long = String(repeating: "k", count: 300)
        let digest = StripeClient.stripeIdempotencyKey(long)
        #expect(digest.hasPrefix("pasarela-"))
        #expect(digest.count == 73)
        #expect(digest == StripeClient.stripeIdempotencyKey(long))
        #expect(digest != StripeClient.stripeIdempotencyKey(long + "x"))
    }
}
