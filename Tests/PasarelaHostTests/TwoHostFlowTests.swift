import Foundation
import PasarelaKit
import PasarelaTesting
import Testing

/// The seed's integration, end to end: two real `pasarela serve` processes, one with the
/// `chuwue-grill` pack and one with `findyourwork`, notifying each other over HTTP.
@Suite("Chuwue Grill ↔ FindyourWork, two hosts")
struct TwoHostFlowTests {
    /// The two hosts of one run, and how to talk to them.
    struct Pair: Sendable {
        let chuwue: HostProcess
        let findyourwork: HostProcess
        let secret: String

        static let admin = [("Authorization", "Bearer \(TestHost.adminToken)"), ("Content-Type", "application/json")]

        /// Starts both hosts with `scheme` and runs `body`; both are killed afterwards.
        static func run(scheme: String, in directory: URL, _ body: (Pair) async throws -> Void) async throws {
            let secret = scheme == "seed" ? "shared_secret_chuwue_findyourwork" : "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            let chuwuePort = try HostProcess.freePort()
            let findyourworkPort = try HostProcess.freePort()
            let common = """
                admin: {token: "\(TestHost.adminToken)"}
                delivery: {allow_private_networks: true, schedule: [0, 1, 1, 2, 2, 5], timeout_seconds: 2, lease_seconds: 5}
                """
            let chuwueConfig = directory.appendingPathComponent("chuwue.yaml")
            try """
                identity: chuwue-grill
                storage: {url: "sqlite:\(directory.path)/chuwue.sqlite"}
                \(common)
                packs:
                  - {module: chuwue-grill, shared_secret: "\(secret)"}
                """.write(to: chuwueConfig, atomically: true, encoding: .utf8)
            let findyourworkConfig = directory.appendingPathComponent("findyourwork.yaml")
            try """
                identity: findyourwork
                storage: {url: "sqlite:\(directory.path)/findyourwork.sqlite"}
                \(common)
                packs: [findyourwork]
                partners:
                  - {id: chuwue-grill, webhook_url: "http://127.0.0.1:\(chuwuePort)/webhooks/partner/findyourwork", secret: "\(secret)", scheme: \(scheme)}
                """.write(to: findyourworkConfig, atomically: true, encoding: .utf8)
            let chuwue = try await HostProcess(config: chuwueConfig, port: chuwuePort)
            defer { chuwue.kill() }
            let findyourwork = try await HostProcess(config: findyourworkConfig, port: findyourworkPort)
            defer { findyourwork.kill() }
            try await body(Pair(chuwue: chuwue, findyourwork: findyourwork, secret: secret))
        }
    }

    @Test(
        "reservation → opportunity → booking → itinerary → confirmation → provider → payment → update → cancel, applied once on each side",
        .enabled(if: HostProcess.isBuilt || Python.required), arguments: ["seed", "standard"])
    func wholeFlow(scheme: String) async throws {
        try await withTemporaryDirectory { directory in
            try await Pair.run(scheme: scheme, in: directory) { pair in
                try await Self.flow(pair, scheme: scheme)
            }
        }
    }

    static func flow(_ pair: Pair, scheme: String) async throws {
        let chuwue = pair.chuwue
        let findyourwork = pair.findyourwork
        try await registerFindyourwork(pair, scheme: scheme)

        // Paso 3: the seed's notify-event body, forwarded as event.reservation_confirmed.
        try await json(
            chuwue, "POST", "/partners/findyourwork/notify-event",
            #"{"reservation_id": "RES-2026-001", "event_name": "Cena Corporativa TechCorp", "date": "2026-02-15", "time": "19:00", "guests": 50, "contact_name": "María García", "contact_phone": "0991234567", "services_requested": ["dj", "decoracion", "fotografia"]}"#,
            expecting: 200)
        let opportunity = try await until(findyourwork, "/opportunities/RES-2026-001") { $0["status"]?.stringValue == "open" }
        #expect(opportunity["event_name"]?.stringValue == "Cena Corporativa TechCorp")
        #expect(opportunity["guests"]?.int64Value == 50)
        let offered = Set(opportunity["offers"]?.arrayValue?.compactMap { $0["service_type"]?.stringValue } ?? [])
        #expect(offered == ["dj", "decoracion", "fotografia"])

        // Paso 4: a booking at FindyourWork, with the seed's notify_service_booked fields.
        let booking = try await json(
            findyourwork, "POST", "/opportunities/RES-2026-001/bookings",
            #"{"service_id": 123, "service_name": "DJ Profesional", "service_category": "entretenimiento", "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"}, "price": 250.00, "scheduled_time": "19:00"}"#,
            expecting: 201)
        let bookingID = try #require(booking["booking_id"]?.stringValue)
        func entry(_ reservation: JSONValue) -> JSONValue? { reservation["itinerary"]?.arrayValue?.first }
        var reservation = try await until(chuwue, "/reservations/RES-2026-001") { entry($0)?["status"]?.stringValue == "booked" }
        #expect(entry(reservation)?["service_name"]?.stringValue == "DJ Profesional")
        #expect(entry(reservation)?["service_category"]?.stringValue == "entretenimiento")
        #expect(entry(reservation)?["price"]?.numberText.map { Decimal(string: $0) } == Decimal(250))
        #expect(entry(reservation)?["scheduled_time"]?.stringValue == "19:00")

        // Confirmation and provider assignment update the same itinerary entry.
        let confirmed = try await json(findyourwork, "POST", "/bookings/\(bookingID)/confirm", "{}", expecting: 200)
        let code = try #require(confirmed["confirmation_code"]?.stringValue)
        reservation = try await until(chuwue, "/reservations/RES-2026-001") { entry($0)?["status"]?.stringValue == "confirmed" }
        #expect(entry(reservation)?["confirmation_code"]?.stringValue == code)
        try await json(
            findyourwork, "POST", "/bookings/\(bookingID)/provider", #"{"provider_info": {"name": "DJ Sounds Pro", "contact": "Luis"}}"#,
            expecting: 200)
        reservation = try await until(chuwue, "/reservations/RES-2026-001") { entry($0)?["provider"]?["contact"]?.stringValue == "Luis" }
        #expect(reservation["itinerary"]?.arrayValue?.count == 1)

        // A payment through the mock, for the reservation, marks the opportunity paid.
        let payment = try await json(
            chuwue, "POST", "/payments", #"{"amount": "1250.00", "currency": "USD", "metadata": {"reservation_id": "RES-2026-001"}}"#,
            expecting: 201)
        #expect(payment["status"]?.stringValue == "succeeded")
        _ = try await until(findyourwork, "/opportunities/RES-2026-001") { $0["paid"]?.boolValue == true }

        // An update and then a cancellation; the cancellation cancels the booking, which comes back.
        try await json(chuwue, "POST", "/reservations/RES-2026-001/update", #"{"changes": {"guests": 80}}"#, expecting: 200)
        _ = try await until(findyourwork, "/opportunities/RES-2026-001") { $0["guests"]?.int64Value == 80 }
        try await json(chuwue, "POST", "/reservations/RES-2026-001/cancel", #"{"reason": "TechCorp pospone el evento"}"#, expecting: 200)
        let cancelled = try await until(findyourwork, "/opportunities/RES-2026-001") { $0["status"]?.stringValue == "cancelled" }
        #expect(cancelled["bookings"]?.arrayValue?.first?["status"]?.stringValue == "cancelled")
        reservation = try await until(chuwue, "/reservations/RES-2026-001") { entry($0)?["status"]?.stringValue == "cancelled" }
        #expect(reservation["status"]?.stringValue == "cancelled")

        try await expectEachEventOnce(pair)
    }

    /// Paso 2: FindyourWork registers at Chuwue Grill with the configured secret; the pack's status
    /// route (a superset of the host's, readable with FindyourWork's own key) and the host's own
    /// partner routes both answer.
    static func registerFindyourwork(_ pair: Pair, scheme: String) async throws {
        let chuwue = pair.chuwue
        let findyourwork = pair.findyourwork
        let registered = try await json(
            chuwue, "POST", "/partners/register/findyourwork",
            #"{"webhook_url": "http://127.0.0.1:\#(findyourwork.port)/webhooks/partner/", "contact_email": "dev@findyourwork.com", "scheme": "\#(scheme)"}"#,
            expecting: 201)
        #expect(registered["shared_secret"]?.stringValue == pair.secret)
        #expect(registered["scheme"]?.stringValue == scheme)
        // The pack's status is a superset of the general one, and FindyourWork may read it with its own key.
        let apiKey = try #require(registered["api_key"]?.stringValue)
        let status = try await chuwue.request("GET", "/partners/findyourwork/status", headers: [("X-API-Key", apiKey)])
        #expect(status.status == 200)
        let statusJSON = try JSONValue.parse(Array(status.body.utf8))
        #expect(statusJSON["registered"] == .bool(true))
        #expect(statusJSON["deliveries"]?["pending"] != nil)
        #expect(statusJSON["scheme"]?.stringValue == scheme)
        // The pack's routes under /partners/findyourwork leave the host's own partner routes reachable.
        #expect(try await json(chuwue, "GET", "/partners/findyourwork", expecting: 200)["partner_id"]?.stringValue == "findyourwork")
    }

    /// Exactly once: each side received each event type once, and every delivery went out once.
    static func expectEachEventOnce(_ pair: Pair) async throws {
        let chuwue = pair.chuwue
        let findyourwork = pair.findyourwork
        let expectedAtChuwue = ["service.booked_for_event", "service.confirmed", "provider.assigned", "service.cancelled"]
        let expectedAtFindyourwork = ["event.reservation_confirmed", "payment.success", "event.updated", "event.cancelled"]
        for (host, expected, sender) in [(chuwue, expectedAtChuwue, "findyourwork"), (findyourwork, expectedAtFindyourwork, "chuwue-grill")] {
            let events = try await json(host, "GET", "/events?source=\(sender)", expecting: 200)["data"]?.arrayValue ?? []
            #expect(events.compactMap { $0["event_type"]?.stringValue }.sorted() == expected.sorted())
            #expect(events.allSatisfy { $0["status"]?.stringValue == "processed" })
            let deliveries = try await json(host, "GET", "/deliveries", expecting: 200)["data"]?.arrayValue ?? []
            #expect(deliveries.count == 4)
            #expect(deliveries.allSatisfy { $0["status"]?.stringValue == "delivered" && $0["attempt_count"]?.int64Value == 1 })
        }
    }

    /// The JSON answer of a request with the admin token; fails the test on another status.
    @discardableResult
    static func json(_ host: HostProcess, _ method: String, _ path: String, _ body: String? = nil, expecting status: Int) async throws
        -> JSONValue
    {
        let answer = try await host.request(method, path, body: body, headers: Pair.admin)
        #expect(answer.status == status, "\(method) \(path) answered \(answer.status): \(answer.body)")
        return try JSONValue.parse(Array(answer.body.utf8))
    }

    /// Reads `path` until `condition` holds, within 2 seconds (the issue's bound for a step to reach the other host).
    static func until(_ host: HostProcess, _ path: String, _ condition: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(2)
        var last = JSONValue.null
        while ContinuousClock.now < deadline {
            let answer = try await host.request("GET", path, headers: Pair.admin)
            if answer.status == 200 {
                last = try JSONValue.parse(Array(answer.body.utf8))
                if condition(last) { return last }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("GET \(path) did not reach the expected state within 2 s; last: \(last.serialized())")
        return last
    }
}
