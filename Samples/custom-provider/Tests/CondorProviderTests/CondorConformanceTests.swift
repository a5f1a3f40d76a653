import CondorProvider
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("condor provider")
struct CondorConformanceTests {
    @Test("passes the provider conformance kit")
    func conformance() async throws {
        let fixture = ProviderConformanceFixture(options: ["api_key": .string("condor_test_51HxQ9f")], currencies: [.jpy, .usd, .kwd])
        try await ProviderConformance(CondorModule.descriptor, fixture).check()
    }

    @Test("a payment over the approval limit is declined as over_limit")
    func overLimit() async throws {
        let options = try ModuleOptions.validate(
            ["api_key": .string("condor_test_51HxQ9f"), "approval_limit_minor": .integer(5_000)], against: CondorModule.descriptor.options,
            keyPath: "payments.instances.condor")
        guard case .provider(let make) = CondorModule.descriptor.factory else { throw PasarelaError(.configuration, "not a provider") }
        let condor = try make(options, .testing(instanceName: "condor"))
        let within = try await condor.createPayment(CreatePaymentRequest(paymentID: "pay_1", amount: Money(minor: 5_000, currency: .eur), idempotencyKey: "k1"))
        let over = try await condor.createPayment(CreatePaymentRequest(paymentID: "pay_2", amount: Money(minor: 5_001, currency: .eur), idempotencyKey: "k2"))
        #expect(within.status == .succeeded)
        #expect(over.status == .failed)
        #expect(over.failureCode == "over_limit")
    }
}
