import Foundation
import MercadoPagoProvider
import PasarelaKit
import PasarelaTesting
import Testing

private let liveToken = ProcessInfo.processInfo.environment["MP_TEST_ACCESS_TOKEN"]

/// Against MercadoPago itself, with a test account's token in `MP_TEST_ACCESS_TOKEN`; skipped
/// (and reported so) without it. Needs a transport that reaches the internet, which module tests
/// do not have, so it goes through URLSession.
@Suite("MercadoPago: live test account", .enabled(if: liveToken != nil, "MP_TEST_ACCESS_TOKEN is not set"))
struct MercadoPagoLiveTests {
    static let token = liveToken

    static func provider() throws -> any PaymentProvider {
        let options = try ModuleOptions.validate(
            ["access_token": .string(token ?? "")], against: MercadoPagoModule.descriptor.options, keyPath: "live")
        guard case .provider(let make) = MercadoPagoModule.descriptor.factory else { fatalError("mercadopago is a provider module") }
        return try make(options, ModuleContext.testing(transport: URLSessionTransport()))
    }

    @Test("an unknown payment is not_found: the token, the address and the error mapping are right")
    func unknownPayment() async throws {
        let error = await #expect(throws: PasarelaError.self) { try await Self.provider().fetchPayment(providerPaymentID: "1") }
        #expect(error?.code == .notFound)
    }

    @Test("a payment MercadoPago cannot accept is a 422 with its reason, not a failed payment")
    func refusedPayment() async throws {
        let error = await #expect(throws: PasarelaError.self) {
            try await Self.provider().createPayment(
                CreatePaymentRequest(
                    paymentID: "pay_live_\(UUID().uuidString)", amount: Money(minor: 100, currency: .ars),
                    paymentMethod: .object(["payment_method_id": .string("visa"), "token": .string("not-a-card-token")]),
                    idempotencyKey: UUID().uuidString))
        }
        #expect(error?.code == .invalidRequest)
    }
}
