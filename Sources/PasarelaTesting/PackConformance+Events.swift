import PasarelaKit

/// Sample events: each subscribed type handled, and handling each again changing nothing.
extension PackConformance {
    /// What handing the samples over found, for the two checks that share the pass.
    struct SampleFindings {
        /// For ``ConformanceCheck/subscribedEventsHandled``.
        var handling: [String] = []
        /// For ``ConformanceCheck/idempotentHandling``.
        var repetition: [String] = []
        /// For ``ConformanceCheck/declaredEventTypes``; `nil` when the samples emitted nothing.
        var declarations: [String]?
    }

    /// Hands each sample over once, then again under the same id, on one harness.
    func handleSamples() async throws -> SampleFindings {
        let harness = try await harness()
        let subscriptions = harness.pack.subscriptions
        var findings = SampleFindings()
        for type in subscriptions.sorted(by: { $0.rawValue < $1.rawValue }) where !fixture.events.contains(where: { $0.type == type }) {
            findings.handling.append("expected a sample event of the subscribed type \(type), the fixture has none")
        }
        for event in fixture.events {
            let name = "\(event.type) \(event.id)"
            guard subscriptions.contains(event.type) else {
                findings.handling.append("expected sample \(name) to be of a subscribed type, the pack does not subscribe to \(event.type)")
                continue
            }
            let before = harness.committedState
            let first = await ConformanceRunner.attempt { try await harness.deliver(event) }
            switch first {
            case .success(true): break
            case .success(false):
                findings.handling.append("expected sample \(name) to be handled, it was skipped: its id was handled before")
                continue
            case .failure:
                findings.handling.append("expected sample \(name) to be handled, got \(ConformanceRunner.describe(first))")
                continue
            }
            let handled = harness.committedState
            if handled == before {
                findings.handling.append("expected sample \(name) to change a document or emit an event, it changed nothing")
            }
            let again = await ConformanceRunner.attempt { try await harness.redeliver(event) }
            if case .failure = again {
                findings.repetition.append("expected \(name) handed over again to change nothing, got \(ConformanceRunner.describe(again))")
            } else if harness.committedState != handled {
                findings.repetition.append(
                    "expected \(name) handed over again to change nothing, it \(Self.difference(from: handled, to: harness.committedState))"
                )
            }
        }
        findings.declarations = Self.undeclaredEmissions(of: harness)
        return findings
    }

    /// A line for each type `harness`'s pack emitted but does not declare it sends; `nil` when it emitted nothing.
    static func undeclaredEmissions(of harness: PackHarness) -> [String]? {
        let emitted = Set(harness.emissions.map(\.eventType))
        guard !emitted.isEmpty else { return nil }
        let sent = Set(harness.pack.eventTypes.filter(\.direction.sends).map(\.type))
        return emitted.subtracting(sent).sorted { $0.rawValue < $1.rawValue }.map { type in
            "expected every emitted type to be declared in eventTypes as outbound or both, \(type) is not"
        }
    }

    /// `changed guest/ana and emitted guest.greeted to front-desk`.
    static func difference(from old: PackHarnessState, to new: PackHarnessState) -> String {
        let keys = Set(old.documents.keys).union(new.documents.keys).filter { old.documents[$0] != new.documents[$0] }.sorted()
        let emitted = new.emissions.dropFirst(old.emissions.count).map { "\($0.eventType) to \($0.partnerID)" }
        var parts: [String] = []
        if !keys.isEmpty { parts.append("changed " + keys.joined(separator: ", ")) }
        if !emitted.isEmpty { parts.append("emitted " + emitted.joined(separator: ", ")) }
        return parts.joined(separator: " and ")
    }
}
