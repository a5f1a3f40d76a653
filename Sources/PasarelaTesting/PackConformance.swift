import PasarelaKit

/// The conformance kit for event-handler packs: one call from the pack's own tests drives it
/// through ``PackHarness`` as the host would.
///
/// The checks (``ConformanceCheck``): every subscribed type has a sample that the pack handles
/// without throwing and that changes something; each sample handed over again (same id, as a
/// host that lost track of it would) changes no document and emits nothing; every type the
/// samples emit is declared in the pack's `eventTypes`; and each route
/// answers a body that is not JSON with a 4xx and `{}` with anything but a 5xx, with the fixture's
/// path parameters and with ones that name nothing (a thrown `PasarelaError` counts as the
/// status the host maps it to, any other error as a 500).
///
/// ```swift
/// @Test func conformance() async throws {
///     try await PackConformance(GreeterModule.descriptor, PackConformanceFixture(
///         partners: ["front-desk"], events: [.fromPartner("front-desk", type: "guest.arrived", data: guest)])).check()
/// }
/// ```
public struct PackConformance: ConformanceSuite {
    /// The pack module under test.
    public let descriptor: ModuleDescriptor
    /// How the checks drive it.
    public let fixture: PackConformanceFixture

    /// The checks of the pack `descriptor`, driven as `fixture` says.
    public init(_ descriptor: ModuleDescriptor, _ fixture: PackConformanceFixture) {
        self.descriptor = descriptor
        self.fixture = fixture
    }

    /// Runs every check and reports how each came out.
    public func run() async -> ConformanceReport {
        let runner = ConformanceRunner(module: descriptor.name)
        let pack = try? PackHarness(descriptor, options: fixture.options).pack
        let subscribesNothing = pack?.subscriptions.isEmpty == true ? "the pack subscribes to no event type" : nil
        let noRoutes = pack?.routes.isEmpty == true ? "the pack has no routes" : nil
        let samples = await ConformanceRunner.attempt { try await handleSamples() }
        return ConformanceReport(
            module: descriptor.name,
            results: [
                await runner.result(.subscribedEventsHandled, skippedBecause: subscribesNothing) { try samples.get().handling },
                await runner.result(.idempotentHandling, skippedBecause: subscribesNothing) { try samples.get().repetition },
                await runner.result(.declaredEventTypes, skippedBecause: subscribesNothing ?? Self.emittedNothing(samples)) {
                    try samples.get().declarations ?? []
                },
                await runner.result(.badRouteInput, skippedBecause: noRoutes) { try await badRouteInput() },
            ])
    }

    /// Why the declared-types check has nothing to check: the samples emitted no event.
    private static func emittedNothing(_ samples: Result<SampleFindings, any Error>) -> String? {
        guard case .success(let findings) = samples, findings.declarations == nil else { return nil }
        return "the samples emitted no event"
    }

    /// A harness with the fixture's options and partners, brought to its starting state.
    func harness() async throws -> PackHarness {
        let harness = try PackHarness(descriptor, options: fixture.options)
        for partner in fixture.partners { harness.partners.add(partner) }
        do {
            try await fixture.setUp(harness)
        } catch {
            throw ConformanceProblem(message: "expected the fixture's setUp to work, got \(ConformanceRunner.describe(error))")
        }
        return harness
    }
}
