import PasarelaKit

/// The conformance kit for payment-provider modules: one call from the module's own tests runs
/// every check against the module and a fake of its provider's API.
///
/// The checks (``ConformanceCheck``): money round-trips in zero-, two- and three-decimal
/// currencies and refused currencies; idempotent create; refunds beyond what remains; the
/// declared capabilities; hosted checkout (for modules that declare it); webhook verification; required options; and, over all of them, that no
/// secret option's value is logged (at `.trace`) or thrown.
///
/// ```swift
/// @Test func conformance() async throws {
///     try await ProviderConformance(MockModule.descriptor, ProviderConformanceFixture(currencies: [.jpy, .usd, .kwd])).check()
/// }
/// ```
public struct ProviderConformance: ConformanceSuite {
    /// The provider module under test.
    public let descriptor: ModuleDescriptor
    /// How the checks drive it.
    public let fixture: ProviderConformanceFixture

    /// The checks of the provider module `descriptor`, driven as `fixture` says.
    public init(_ descriptor: ModuleDescriptor, _ fixture: ProviderConformanceFixture) {
        self.descriptor = descriptor
        self.fixture = fixture
    }

    /// Runs every check and reports how each came out.
    public func run() async -> ConformanceReport {
        let run = ProviderCheckRun(descriptor: descriptor, fixture: fixture)
        let runner = run.runner
        // A module that builds no instance runs every check, and each says why it failed.
        let capabilities = (try? run.provider().capabilities) ?? .all
        let cannotCreate = capabilities.contains(.create) ? nil : "the module cannot create payments"
        let noWebhooks = capabilities.contains(.webhooks) ? nil : "the module declares no webhooks"
        let noCheckout = capabilities.contains(.hostedCheckout) ? nil : "the module declares no hosted checkout"
        let noRequiredOption = descriptor.options.contains(where: \.required) ? nil : "the module has no required option"
        let noSecret = secretValues.isEmpty ? "the fixture sets no secret option" : nil
        return ConformanceReport(
            module: descriptor.name,
            results: [
                await runner.result(.moneyRoundTrip, skippedBecause: cannotCreate) { try await moneyRoundTrip(run) },
                await runner.result(.idempotentCreate, skippedBecause: cannotCreate) { try await idempotentCreate(run) },
                await runner.result(.refundLimits, skippedBecause: refundSkipReason(capabilities)) { try await refundLimits(run) },
                await runner.result(.capabilities) { try await declaredCapabilities(run) },
                await runner.result(.hostedCheckout, skippedBecause: noCheckout) { try await hostedCheckout(run) },
                await runner.result(.webhookVerification, skippedBecause: noWebhooks) { try await webhookVerification(run) },
                await runner.result(.requiredOptions, skippedBecause: noRequiredOption) { try requiredOptions(run) },
                // Last, so that it sees what every other check made the module log and throw.
                await runner.result(.secretsStayOutOfLogs, skippedBecause: noSecret) { secretsStayOutOfLogs(run) },
            ])
    }

    private func refundSkipReason(_ capabilities: ProviderCapabilities) -> String? {
        if !capabilities.contains(.refund) && !capabilities.contains(.partialRefund) { return "the module declares no refunds" }
        if !capabilities.contains(.create) { return "the module cannot create a payment to refund" }
        return nil
    }
}
