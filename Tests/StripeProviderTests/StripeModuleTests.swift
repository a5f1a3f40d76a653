import PasarelaKit
import PasarelaTesting
@testable import StripeProvider
import Testing

@Suite("Stripe module")
struct StripeModuleTests {
    func options(_ raw: [String: OptionValue]) throws -> ModuleOptions {
        try ModuleOptions.validate(raw, against: StripeModule.descriptor.options, keyPath: "payments.instances.stripe")
    }

    @Test("the descriptor declares a provider named stripe whose keys are secret")
    func descriptor() {
        let descriptor = StripeModule.descriptor
        #expect(descriptor.name == "stripe")
        #expect(descriptor.kind == .provider)
        let secrets = descriptor.options.filter(\.secret).map(\.name)
        #expect(secrets == ["secret_key", "webhook_secret"])
        #expect(descriptor.options.first { $0.name == "secret_key" }?.required == true)
    }

    @Test("defaults: api.stripe.com, the pinned Stripe-Version, 30 s, two retries, 300 s tolerance")
    func defaults() throws {
        let configuration = try StripeConfiguration(options: options(["secret_key": .string("sk_test_x")]))
        #expect(configuration.apiBase == "https://api.stripe.com")
        #expect(configuration.apiVersion == StripeModule.defaultAPIVersion)
        #expect(configuration.timeout == .seconds(30))
        #expect(configuration.maxNetworkRetries == 2)
        #expect(configuration.webhookTolerance == 300)
        #expect(configuration.webhookSecret == nil)
        #expect(configuration.captureMethod == nil)
        #expect(configuration.automaticPaymentMethods == nil)
    }

    @Test("a missing secret_key, an unknown option, a bad capture_method or api_base are refused by name")
    func refusals() throws {
        #expect(throws: PasarelaError.self) { try options([:]) }
        #expect(throws: PasarelaError.self) { try options(["secret_key": .string("sk"), "publishable_key": .string("pk")]) }
        let cases: [([String: OptionValue], String)] = [
            (["capture_method": .string("later")], "capture_method"),
            (["api_base": .string("ftp://x")], "api_base"),
            (["timeout_seconds": .integer(0)], "timeout_seconds"),
            (["max_network_retries": .integer(99)], "max_network_retries"),
        ]
        for (raw, name) in cases {
            let error = #expect(throws: PasarelaError.self) {
                try StripeConfiguration(options: options(raw.merging(["secret_key": .string("sk_test_x")]) { a, _ in a }))
            }
            #expect(error?.code == .configuration)
            #expect(error?.message.hasPrefix(name) == true)
        }
    }

    @Test("secrets are masked for display")
    func masked() throws {
        let masked = try options(["secret_key": .string("sk_live_secret"), "webhook_secret": .string("whsec_secret")]).masked
        #expect(masked["secret_key"] == "****")
        #expect(masked["webhook_secret"] == "****")
        #expect(!masked.values.contains { $0.contains("secret") })
    }

    @Test("the factory builds a provider with every capability, and a trailing / on api_base is dropped")
    func factory() throws {
        guard case .provider(let make) = StripeModule.descriptor.factory else { Issue.record("not a provider"); return }
        let provider = try make(
            options(["secret_key": .string("sk_test_x"), "api_base": .string("http://127.0.0.1:9/")]), .testing())
        #expect(provider.moduleName == "stripe")
        #expect(provider.capabilities == ProviderCapabilities.all.union(.hostedCheckout))
        #expect((provider as? StripePaymentProvider)?.configuration.apiBase == "http://127.0.0.1:9")
    }
}
