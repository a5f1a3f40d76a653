import PasarelaKit

/// The `condor` module: Condor Pay, a house-account provider that approves payments up to a limit.
public enum CondorModule {
    public static let descriptor = ModuleDescriptor(
        name: "condor", version: "1.0.0", summary: "Condor Pay house accounts (a sample loadable module)",
        options: [
            OptionSpec(name: "api_key", type: .string, required: true, secret: true, summary: "Condor Pay API key"),
            OptionSpec(
                name: "approval_limit_minor", type: .integer, defaultValue: .integer(100_000),
                summary: "Largest amount approved, in minor units; larger payments are declined"),
        ],
        factory: .provider { options, context in try CondorPaymentProvider(options: options, context: context) })
}
