import Foundation
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
@testable import StripeProvider
import Testing

/// Against Stripe's test mode, when `STRIPE_TEST_SECRET_KEY` is set; reported as skipped otherwise.
@Suite("Stripe live (test mode)", .enabled(if: StripeLiveKey.value != nil, "STRIPE_TEST_SECRET_KEY is not set"))
struct StripeLiveTests {

    func stripe() -> StripePaymentProvider {
        StripeTest.provider(
            apiBase: "https://api.stripe.com", secretKey: StripeLiveKey.value ?? "", transport: AsyncHTTPClientTransport(),
            timeout: .seconds(30))
    }

    func request(_ method: String) -> CreatePaymentRequest {
        let id = "pay_live_\(UUID().uuidString.prefix(12))"
        return CreatePaymentRequest(
            paymentID: id, amount: Money(minor: 1099, currency: .usd), description: "Pasarela live test",
            paymentMethod: .object(["id": .string(method), "confirm": .bool(true)]), idempotencyKey: id)
    }

    @Test("create with pm_card_visa → partial refund → fetch shows partially_refunded")
    func lifecycle() async throws {
        let stripe = stripe()
        var request = request("pm_card_visa")
        request.paymentMethod = .object([
            "id": .string("pm_card_visa"), "confirm": .bool(true), "return_url": .string("https://example.com/return"),
        ])
        let created = try await stripe.createPayment(request)
        #expect(created.status == .succeeded)
        let payment = StripeTest.payment(created.providerPaymentID, id: request.paymentID)
        let partial = try await stripe.refundPayment(
            RefundRequest(refundID: "re_live_1", payment: payment, amount: Money(minor: 300, currency: .usd), idempotencyKey: "\(request.paymentID)-r1"))
        #expect(partial.status == .succeeded)
        #expect(try await stripe.fetchPayment(providerPaymentID: created.providerPaymentID).status == .partiallyRefunded)
    }

    @Test("a declined card is a failed payment with its decline code")
    func decline() async throws {
        var request = request("pm_card_chargeDeclinedInsufficientFunds")
        request.paymentMethod = .object([
            "id": .string("pm_card_chargeDeclinedInsufficientFunds"), "confirm": .bool(true),
            "return_url": .string("https://example.com/return"),
        ])
        let payment = try await stripe().createPayment(request)
        #expect(payment.status == .failed)
        #expect(payment.failureCode == "insufficient_funds")
    }

    @Test("an unknown PaymentIntent is not found")
    func notFound() async throws {
        let error = await #expect(throws: PasarelaError.self) { try await stripe().fetchPayment(providerPaymentID: "pi_does_not_exist") }
        #expect(error?.code == .notFound)
    }
}

/// `STRIPE_TEST_SECRET_KEY`, when it is a test-mode key.
enum StripeLiveKey {
    static var value: String? {
        ProcessInfo.processInfo.environment["STRIPE_TEST_SECRET_KEY"].flatMap { $0.hasPrefix("sk_test_") ? $0 : nil }
    }
}
