import PasarelaKit

/// The conformance kit for payment-provider modules: one call from the module's own tests runs
/// every check against the module and a fake of its provider's API.
///
/// The checks (``ConformanceCheck``): money round-trips in zero-, two- and three-decimal
/// currencies and refused currencies; idempotent create; refunds beyond what remains; the
/// declared capabilities; webhook verification; required options; and, over all of them, that no
/// secret option's value is logged (at `.trace`) or thrown.
///
/// ```swift
/// @Test func conformance() async throws {
///     try await ProviderConformance(MockModule.descriptor, ProviderConformanceFixture(currencies: [.jpy, .usd, .kwd])).check()
/// }
/// ```
public struct ProviderConformance: Sendable {
    public let descriptor: ModuleDescriptor
    public let fixture: ProviderConformanceFixture

    /// The checks of the provider module `descriptor`, driven as `fixture` says.
    public init(_ descriptor: ModuleDescriptor, _ fixture: ProviderConformanceFixture) {
        self.descriptor = descriptor
        self.fixture = fixture
    }

    /// Runs every check and throws ``ConformanceFailure`` listing each problem when any fails.
    public func check() async throws(ConformanceFailure) {
        try await run().requirePassed()
    }

    /// Runs every check and reports how each came out.
    public func run() async -> ConformanceReport {
        let run = ProviderCheckRun(descriptor: descriptor, fixture: fixture)
        let capabilities = (try? run.provider().capabilities) ?? []
        let runner = run.runner
        var results = [
            await runner.result(.moneyRoundTrip) { try await moneyRoundTrip(run) },
            await runner.result(.idempotentCreate, skippedBecause: capabilities.contains(.create) ? nil : "the module cannot create payments") {
                try await idempotentCreate(run)
            },
            await runner.result(.refundLimits, skippedBecause: refundSkipReason(capabilities)) { try await refundLimits(run) },
            await runner.result(.capabilities) { try await declaredCapabilities(run) },
            await runner.result(.webhookVerification, skippedBecause: capabilities.contains(.webhooks) ? nil : "the module declares no webhooks") {
                try await webhookVerification(run)
            },
            await runner.result(.requiredOptions, skippedBecause: descriptor.options.contains(where: \.required) ? nil : "the module has no required option") {
                try requiredOptions(run)
            },
        ]
        // Last, so that it sees what every other check made the module log and throw.
        results.append(await runner.result(.secretsStayOutOfLogs, skippedBecause: secretValues.isEmpty ? "the fixture sets no secret option" : nil) {
            secretsStayOutOfLogs(run)
        })
        return ConformanceReport(module: descriptor.name, results: results)
    }

    private func refundSkipReason(_ capabilities: ProviderCapabilities) -> String? {
        if !capabilities.contains(.refund) && !capabilities.contains(.partialRefund) { return "the module declares no refunds" }
        if !capabilities.contains(.create) { return "the module cannot create a payment to refund" }
        return nil
    }
}
