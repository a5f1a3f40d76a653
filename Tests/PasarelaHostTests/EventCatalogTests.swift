import ChuwueGrillPack
import Foundation
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import Testing

/// `GET /event-types`: what the loaded packs declare and the normalized payment events.
@Suite("Event catalog")
struct EventCatalogTests {
    @Test("the catalog lists the packs' declarations and the payment events, sorted, with examples; admin only")
    func catalog() async throws {
        let yaml = TestHost.defaultYAML + "\npacks:\n  - {module: chuwue-grill, shared_secret: \"shared_secret_chuwue_findyourwork\"}"
        let host = try await TestHost.make(yaml: yaml, modules: [ChuwueGrillModule.descriptor])
        try await host.application.test(.router) { client in
            let answer = try await client.send(.get, "/event-types")
            #expect(answer.status == .ok)
            #expect(answer.json["next_cursor"]?.isNull == true)
            let entries = try #require(answer.json["data"]?.arrayValue)
            let types = entries.compactMap { $0["type"]?.stringValue }
            #expect(types == types.sorted())
            let confirmed = try #require(entries.first { $0["type"]?.stringValue == "event.reservation_confirmed" })
            #expect(confirmed["direction"]?.stringValue == "outbound")
            #expect(confirmed["declared_by"]?.stringValue == "pack:chuwue-grill")
            #expect(confirmed["example"]?["reservation_id"]?.stringValue == "RES-2026-001")
            #expect(confirmed["description"]?.stringValue?.isEmpty == false)
            let booked = try #require(entries.first { $0["type"]?.stringValue == "service.booked_for_event" })
            #expect(booked["direction"]?.stringValue == "inbound")
            let succeeded = try #require(entries.first { $0["type"]?.stringValue == "payment.succeeded" })
            #expect(succeeded["declared_by"]?.stringValue == "providers")
            #expect(succeeded["example"]?["status"]?.stringValue == "succeeded")
            #expect(Set(types).isSuperset(of: PaymentStatus.allCases.map(\.eventType.rawValue)))
            #expect(entries.count == 9 + PaymentStatus.allCases.count + 2, "the seed's 8 types and customer.notification_requested")
            let disabled = try #require(entries.first { $0["type"]?.stringValue == "partner.disabled" })
            #expect(disabled["declared_by"]?.stringValue == "host")
            #expect(entries.contains { $0["type"]?.stringValue == "delivery.dead_lettered" })
            #expect(try await client.send(.get, "/event-types", headers: [:]).status == .unauthorized)
        }
    }
}
