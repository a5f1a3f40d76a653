/// The checks of the conformance kit for one module: ``ProviderConformance`` or ``PackConformance``.
///
/// ```swift
/// try await ProviderConformance(MockModule.descriptor, fixture).check()   // throws what failed
/// let report = await PackConformance(FindyourWorkModule.descriptor, fixture).run()
/// ```
public protocol ConformanceSuite: Sendable {
    /// Runs every check and reports how each came out.
    func run() async -> ConformanceReport
}

extension ConformanceSuite {
    /// Runs every check and throws ``ConformanceFailure`` listing each problem when any fails.
    public func check() async throws(ConformanceFailure) {
        let report = await run()
        guard report.passed else { throw ConformanceFailure(report: report) }
    }
}
