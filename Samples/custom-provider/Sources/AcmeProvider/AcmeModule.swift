import PasarelaKit

/// The `acme` module: Acme Pay, a house-account provider that approves payments up to a limit.
public enum AcmeModule {
    public static let descriptor = ModuleDescriptor(
        name: "acme", version: "1.0.0", summary: "Acme Pay house accounts (a sample loadable module)",
        options: [
            OptionSpec(name: "api_key", type: .string, required: true, secret: true, summary: "Acme Pay API key"),
            OptionSpec(
                name: "approval_limit_minor", type: .integer, defaultValue: .integer(100_000),
                summary: "Largest amount approved, in minor units; larger payments are declined"),
        ],
        factory: .provider { options, context in try AcmePaymentProvider(options: options, context: context) })
}
