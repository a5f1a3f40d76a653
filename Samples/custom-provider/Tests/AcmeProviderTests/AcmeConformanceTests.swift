import AcmeProvider
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("acme provider")
struct AcmeConformanceTests {
    @Test("passes the provider conformance kit")
    func conformance() async throws {
        let fixture = ProviderConformanceFixture(options: ["api_key": .string("acme_test_51HxQ9f")], currencies: [.jpy, .usd, .kwd])
        try await ProviderConformance(AcmeModule.descriptor, fixture).check()
    }

    @Test("a payment over the approval limit is declined as over_limit")
    func overLimit() async throws {
        let options = try ModuleOptions.validate(
            ["api_key": .string("acme_test_51HxQ9f"), "approval_limit_minor": .integer(5_000)], against: AcmeModule.descriptor.options,
            keyPath: "payments.instances.acme")
        guard case .provider(let make) = AcmeModule.descriptor.factory else { throw PasarelaError(.configuration, "not a provider") }
        let acme = try make(options, .testing(instanceName: "acme"))
        let within = try await acme.createPayment(CreatePaymentRequest(paymentID: "pay_1", amount: Money(minor: 5_000, currency: .eur), idempotencyKey: "k1"))
        let over = try await acme.createPayment(CreatePaymentRequest(paymentID: "pay_2", amount: Money(minor: 5_001, currency: .eur), idempotencyKey: "k2"))
        #expect(within.status == .succeeded)
        #expect(over.status == .failed)
        #expect(over.failureCode == "over_limit")
    }
}
