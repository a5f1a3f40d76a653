import AsyncHTTPClient
import ChuwueGrillPack
import FindyourWorkPack
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// The seed's own Python partner code (`sign_payload` + `requests.post`, `verify_signature`)
/// playing either side against one Pasarela host.
@Suite("A seed-style Python partner on either side")
struct SeedPartnerSideTests {
    static let secret = "shared_secret_chuwue_findyourwork"
    static let reservation = #"{"reservation_id": "RES-2026-001", "event_name": "Cena Corporativa TechCorp", "date": "2026-02-15", "time": "19:00", "guests": 50, "contact_name": "María García", "contact_phone": "0991234567", "services_requested": ["dj", "decoracion", "fotografia"]}"#

    private func host(_ yaml: String) async throws -> HostApplication {
        try await TestHost.make(yaml: yaml, modules: [ChuwueGrillModule.descriptor, FindyourWorkModule.descriptor])
    }

    /// Whether something answers HTTP on `port`.
    static func listening(_ port: Int) async -> Bool {
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/")
        return (try? await HTTPClient.shared.execute(request, timeout: .seconds(1))) != nil
    }

    /// Serves webhooks from Python until `count` verified ones arrived; returns the JSON lines it printed.
    private func pythonReceiver(port: Int, count: Int) async throws -> [JSONValue] {
        let lines = try await Python.partners.script("seed_partner.py", ["receive", String(port), Self.secret, String(count), "15"])
        return try lines.filter { !$0.isEmpty }.map { try JSONValue.parse(Array($0.utf8)) }
    }

    @Test("Python as FindyourWork against a chuwue-grill host", .enabled(if: Python.has("requests") || Python.required))
    func pythonAsFindyourWork() async throws {
        let pythonPort = try HostProcess.freePort()
        let yaml = TestHost.defaultYAML + """

            identity: chuwue-grill
            delivery: {allow_private_networks: true, schedule: [0, 1, 1, 1, 1]}
            packs: [{module: chuwue-grill, shared_secret: "\(Self.secret)"}]
            """
        try await host(yaml).application.test(.live) { client in
            async let received = pythonReceiver(port: pythonPort, count: 1)
            // Python may take a while to start on a busy machine; the first attempt must find it listening.
            #expect(try await eventually { await Self.listening(pythonPort) })
            let registered = try await client.send(
                .post, "/partners/register/findyourwork",
                #"{"webhook_url": "http://127.0.0.1:\#(pythonPort)/webhooks/partner/", "contact_email": "dev@findyourwork.com"}"#)
            #expect(registered.status == .created)
            #expect(try await client.send(.post, "/partners/findyourwork/notify-event", Self.reservation).status == .ok)
            let events = try await received
            #expect(events.count == 1)
            #expect(events.first?["verified"] == .bool(true))
            #expect(events.first?["partner_id"]?.stringValue == "chuwue-grill")
            #expect(events.first?["event_type"]?.stringValue == "event.reservation_confirmed")
            #expect(events.first?["data"]?["services_requested"] == .array(["dj", "decoracion", "fotografia"].map(JSONValue.string)))
            #expect(events.first?["data"]?["contact_name"]?.stringValue == "María García")

            // Paso 4, from Python: the booked DJ lands in the reservation's itinerary.
            let url = "http://127.0.0.1:\(client.port!)/webhooks/partner/findyourwork"
            let answer = try await Python.partners.script("seed_partner.py", [url, Self.secret, "findyourwork"])
            #expect(answer.first == "200")
            #expect(answer.dropFirst().first?.contains(#""status":"processed""#) == true)
            #expect(try await eventually {
                let itinerary = try await client.send(.get, "/reservations/RES-2026-001").json["itinerary"]?.arrayValue
                return itinerary?.first?["service_name"]?.stringValue == "DJ Profesional"
            })
        }
    }

    @Test("Python as Chuwue Grill against a findyourwork host", .enabled(if: Python.has("requests") || Python.required))
    func pythonAsChuwueGrill() async throws {
        let pythonPort = try HostProcess.freePort()
        let yaml = TestHost.defaultYAML + """

            identity: findyourwork
            delivery: {allow_private_networks: true, schedule: [0, 1, 1, 1, 1]}
            packs: [findyourwork]
            partners:
              - {id: chuwue-grill, webhook_url: "http://127.0.0.1:\(pythonPort)/webhooks/partner/findyourwork", secret: "\(Self.secret)", scheme: seed}
            """
        try await host(yaml).application.test(.live) { client in
            // The seed's Chuwue notifier posts to /webhooks/partner/ and names itself in X-Partner-ID.
            let url = "http://127.0.0.1:\(client.port!)/webhooks/partner/"
            let sent = try await Python.partners.script(
                "seed_partner.py", ["send", url, Self.secret, "chuwue-grill", "event.reservation_confirmed", Self.reservation])
            #expect(sent.first == "200")
            #expect(try await eventually {
                try await client.send(.get, "/opportunities/RES-2026-001").json["status"]?.stringValue == "open"
            })
            async let received = pythonReceiver(port: pythonPort, count: 1)
            let booked = try await client.send(
                .post, "/opportunities/RES-2026-001/bookings", #"{"service_id": 123, "scheduled_time": "20:00"}"#)
            #expect(booked.status == .created)
            let events = try await received
            #expect(events.count == 1)
            #expect(events.first?["verified"] == .bool(true))
            #expect(events.first?["partner_id"]?.stringValue == "findyourwork")
            #expect(events.first?["event_type"]?.stringValue == "service.booked_for_event")
            #expect(events.first?["data"]?["external_event_id"]?.stringValue == "RES-2026-001")
            #expect(events.first?["data"]?["service_name"]?.stringValue == "DJ Profesional")
            #expect(events.first?["data"]?["booking_id"] == booked.json["booking_id"])
        }
    }
}
