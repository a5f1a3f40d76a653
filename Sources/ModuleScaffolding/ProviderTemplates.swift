/// A new payment-provider module: a descriptor, a provider that implements nothing yet (so
/// every operation is declared unsupported) or only a placeholder hosted checkout, and its
/// conformance test.
struct ProviderTemplates {
    let name: ScaffoldName
    /// Whether the module gets the hosted-checkout part (``ProviderCheckoutTemplate``).
    let hostedCheckout: Bool

    var files: [(path: String, contents: String)] {
        let provider = name.workerType
        let capabilities = hostedCheckout ? "[.fetch, .hostedCheckout]" : "[]"
        // The kit's hosted-checkout check opens a checkout in the fixture's first currency.
        let currencies = hostedCheckout ? "[.usd]" : "[]"
        let checkout = hostedCheckout ? [ProviderCheckoutTemplate(name: name).file] : []
        return checkout + [
            (
                "Sources/\(name.target)/\(name.moduleType).swift",
                """
                import PasarelaKit

                /// The `\(name.registryName)` payment-provider module.
                public enum \(name.moduleType) {
                    public static let descriptor = ModuleDescriptor(
                        name: "\(name.registryName)", version: "0.1.0", summary: "\(name.base) payments",
                        options: [
                            OptionSpec(name: "api_key", type: .string, required: true, secret: true, summary: "\(name.base) API key"),
                        ],
                        factory: .provider { options, context in try \(provider)(options: options, context: context) })
                }

                """
            ),
            (
                "Sources/\(name.target)/\(provider).swift",
                """
                import PasarelaKit

                /// \(name.base)'s payment provider. It implements no operation yet, so each one throws
                /// `unsupported_operation` (the defaults of `PaymentProvider`). To add one: implement it,
                /// calling \(name.base)'s API through `context.transport`; add it to `capabilities`; and give
                /// the conformance fixture in the tests what it needs to drive it (a fake of the API, the
                /// currencies, how to sign webhooks).
                struct \(provider): PaymentProvider {
                    let apiKey: String
                    let context: ModuleContext

                    init(options: ModuleOptions, context: ModuleContext) throws {
                        guard let apiKey = options.string("api_key") else {
                            throw PasarelaError(.configuration, "api_key: required option is missing")
                        }
                        self.apiKey = apiKey
                        self.context = context
                    }

                    var moduleName: String { "\(name.registryName)" }
                    var capabilities: ProviderCapabilities { \(capabilities) }
                }

                """
            ),
            (
                "Tests/\(name.testTarget)/\(name.target)ConformanceTests.swift",
                """
                import \(name.target)
                import PasarelaKit
                import PasarelaTesting
                import Testing

                @Suite("\(name.registryName) provider")
                struct \(name.target)ConformanceTests {
                    @Test("passes the provider conformance kit")
                    func conformance() async throws {
                        let fixture = ProviderConformanceFixture(options: ["api_key": .string("\(name.registryName)_test_key_4f9c2a")], currencies: \(currencies))
                        try await ProviderConformance(\(name.moduleType).descriptor, fixture).check()
                    }
                }

                """
            ),
        ]
    }
}
