import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Pack conformance")
struct PackConformanceTests {
    /// Ana is in before the checks start (routes need her); Bob's arrival and departure are the samples.
    static let fixture = PackConformanceFixture(
        partners: [GreeterPack.frontDesk],
        events: [GreeterPack.event(GreeterPack.arrived, "bob"), GreeterPack.event(GreeterPack.left, "bob")],
        parameters: ["name": "ana"],
        setUp: { harness in try await harness.deliver(GreeterPack.event(GreeterPack.arrived, "ana")) })

    static func report(flaws: GreeterPack.Flaws = [], fixture: PackConformanceFixture = fixture) async -> ConformanceReport {
        await PackConformance(GreeterPack.descriptor(flaws: flaws), fixture).run()
    }

    @Test("a well-behaved pack passes every check, none skipped")
    func wellBehaved() async throws {
        let report = await Self.report()
        #expect(report.results.map(\.check) == [.subscribedEventsHandled, .idempotentHandling, .declaredEventTypes, .badRouteInput])
        #expect(report.results.allSatisfy { $0.outcome == .passed }, "\(report)")
        try await PackConformance(GreeterPack.descriptor(), Self.fixture).check()
    }

    @Test("a pack that applies an event again fails idempotent handling, naming what changed")
    func appliesTwice() async throws {
        let report = await Self.report(flaws: .greetsEveryTime)
        #expect(report.failedChecks == [.idempotentHandling])
        #expect(
            report.description
                == "greeter: subscribed events handled: passed\n"
                + "greeter: idempotent handling: expected guest.arrived evt_bob_guest.arrived handed over again to change nothing, "
                + "it emitted guest.greeted to front-desk\n"
                + "greeter: declared event types: passed\n"
                + "greeter: bad route input: passed")
    }

    @Test("a pack that emits a type it does not declare fails declared event types, naming the type")
    func undeclaredEmission() async throws {
        let report = await Self.report(flaws: .undeclaredGreeting)
        #expect(report.failedChecks == [.declaredEventTypes])
        #expect(
            report.outcome(of: .declaredEventTypes)
                == .failed(["expected every emitted type to be declared in eventTypes as outbound or both, guest.greeted is not"]))
    }

    @Test("a route that answers bad input with a 500 fails, for a body that is not JSON and for {}, with known and unknown names")
    func crashesOnBadInput() async throws {
        let report = await Self.report(flaws: .crashesOnBadInput)
        #expect(report.failedChecks == [.badRouteInput])
        guard case .failed(let problems) = report.outcome(of: .badRouteInput) else { return }
        #expect(problems.count == 3)
        let prefixes = [
            "expected POST /guests/ana/notes with a body that is not JSON to be a 4xx, got 500 (error DecodingError.dataCorrupted",
            "expected POST /guests/ana/notes with {} to be answered without a 5xx, got 500 (error DecodingError.keyNotFound",
            "expected POST /guests/conformance-unknown/notes with {} to be answered without a 5xx, got 500 (error DecodingError.keyNotFound",
        ]
        for (problem, prefix) in zip(problems, prefixes) { #expect(problem.hasPrefix(prefix), "\(problem)") }
    }

    @Test(
        "a GET route that answers a name it does not know with a 5xx fails, with the status and the error",
        arguments: [
            (
                GreeterPack.Flaws.crashesOnUnknownGuest,
                "greeter: bad route input: expected GET /guests/conformance-unknown with {} to be answered without a 5xx, "
                    + #"got 500 (error PasarelaTestingTests.GreeterPack.UnknownGuest(key: "guest/conformance-unknown"))"#
            ),
            (
                .blamesProviderForUnknownGuest,
                "greeter: bad route input: expected GET /guests/conformance-unknown with {} to be answered without a 5xx, "
                    + "got 502 (error provider_error: the guest book has no guest/conformance-unknown)"
            ),
        ] as [(GreeterPack.Flaws, String)])
    func unknownGuest(flaws: GreeterPack.Flaws, line: String) async throws {
        let report = await Self.report(flaws: flaws)
        #expect(report.failedChecks == [.badRouteInput])
        #expect(report.description.split(separator: "\n").contains { $0 == line }, "\(report)")
    }

    @Test("a subscribed type without a sample, and a sample that changes nothing, fail the subscriptions check")
    func samples() async throws {
        var fixture = Self.fixture
        fixture.events = [.fromPartner(GreeterPack.frontDesk, type: GreeterPack.arrived, data: .object([:]), id: "evt_nobody")]
        let report = await Self.report(fixture: fixture)
        #expect(report.failedChecks == [.subscribedEventsHandled])
        #expect(
            report.outcome(of: .subscribedEventsHandled)
                == .failed([
                    "expected a sample event of the subscribed type guest.left, the fixture has none",
                    "expected sample guest.arrived evt_nobody to change a document or emit an event, it changed nothing",
                ]))
    }

    @Test("a sample the pack throws on fails, with the error")
    func throwingSample() async throws {
        var fixture = Self.fixture
        fixture.partners = []
        let report = await Self.report(fixture: fixture)
        guard case .failed(let problems) = report.outcome(of: .subscribedEventsHandled) else {
            Issue.record("expected the subscriptions check to fail: \(report)")
            return
        }
        #expect(
            problems.first
                == "expected the fixture's setUp to work, got error invalid_state: no partner front-desk to send guest.greeted to")
    }
}
