import PasarelaKit
import PasarelaTesting
import Testing

@Suite("chuwue-grill: POST /partners/findyourwork/notify-event")
struct NotifyEventTests {
    @Test("the seed's Paso 3 body is stored and sent as event.reservation_confirmed")
    func seedBodyIsForwarded() async throws {
        let harness = try makeRestaurant()
        let answer = try await notifySeedReservation(harness)
        #expect(answer.status == 200)
        #expect(
            answer.body
                == .object([
                    "status": .string("sent"), "reservation_id": .string("RES-2026-001"), "forwarded": .bool(true),
                    "event_type": .string("event.reservation_confirmed"),
                ]))
        #expect(harness.emissions.count == 1)
        let emission = try #require(harness.emissions.first)
        #expect(emission.eventType == "event.reservation_confirmed")
        #expect(emission.partnerID == "findyourwork")
        #expect(emission.data == (try seedReservation()))
        let stored = try await reservation(in: harness)
        #expect(stored["status"] == .string("confirmed"))
        #expect(stored["forwarded"] == .bool(true))
        #expect(stored["paid"] == .bool(false))
        #expect(stored["itinerary"] == .array([]))
        #expect(stored["contact_name"] == .string("María García"))
        #expect(harness.documentKeys == ["reservation/RES-2026-001"])
    }

    @Test("absent optional fields are stored and sent as null, services_requested as []")
    func optionalFields() async throws {
        let harness = try makeRestaurant()
        let body = try seedReservation(with: ["contact_name": nil, "contact_phone": .null, "services_requested": nil])
        _ = try await harness.call(.post, "/partners/findyourwork/notify-event", body: body)
        let data = try #require(harness.emissions.first?.data)
        #expect(data["contact_name"] == .null)
        #expect(data["contact_phone"] == .null)
        #expect(data["services_requested"] == .array([]))
        #expect(try await reservation(in: harness)["contact_name"] == .null)
    }

    @Test("fewer guests than min_guests: stored, not forwarded")
    func belowMinimumIsHeld() async throws {
        let harness = try makeRestaurant(registered: false)
        let answer = try await harness.call(
            .post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["guests": .number("49")]))
        #expect(answer.status == 200)
        #expect(answer.body["status"] == .string("stored"))
        #expect(answer.body["forwarded"] == .bool(false))
        #expect(answer.body["reason"]?.stringValue?.contains("fewer than 50 guests") == true)
        #expect(harness.emissions.isEmpty)
        #expect(try await reservation(in: harness)["forwarded"] == .bool(false))
    }

    @Test("min_guests is an option")
    func minGuestsOption() async throws {
        let harness = try makeRestaurant(["min_guests": .integer(10)])
        let answer = try await harness.call(
            .post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["guests": .number("10")]))
        #expect(answer.body["forwarded"] == .bool(true))
        #expect(harness.emissions.count == 1)
    }

    @Test("a large reservation while the partner is not registered is a 409 and stores nothing")
    func partnerNotRegistered() async throws {
        let harness = try makeRestaurant(registered: false)
        let error = await #expect(throws: PasarelaError.self) { try await notifySeedReservation(harness) }
        #expect(error?.code == .invalidState)
        #expect(error?.message.contains("POST /partners/register/findyourwork") == true)
        #expect(harness.documentKeys.isEmpty)
        #expect(harness.emissions.isEmpty)
    }

    @Test("the same body again is answered the same, without a new event")
    func identicalRetry() async throws {
        let harness = try makeRestaurant()
        let first = try await notifySeedReservation(harness)
        let before = harness.committedState
        let second = try await notifySeedReservation(harness)
        #expect(second == first)
        #expect(harness.committedState == before)
        #expect(harness.emissions.count == 1)
    }

    @Test("another body for a known reservation id is a 409 pointing to update")
    func conflictingRetry() async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        let before = harness.committedState
        let error = await #expect(throws: PasarelaError.self) {
            try await harness.call(.post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["guests": .number("80")]))
        }
        #expect(error?.code == .invalidState)
        #expect(error?.message.contains("/reservations/RES-2026-001/update") == true)
        #expect(harness.committedState == before)
    }

    @Test(
        "invalid fields are a 422 naming the field, and nothing is stored",
        arguments: [
            ("reservation_id", nil), ("reservation_id", .number("7")), ("event_name", nil), ("event_name", .string("")),
            ("date", nil), ("date", .string("2026-02-30")), ("date", .string("2025-02-29")), ("date", .string("15/02/2026")),
            ("date", .string("2026-2-15")), ("time", nil), ("time", .string("24:00")), ("time", .string("19:60")),
            ("time", .string("7pm")), ("time", .string("19:00:00")), ("guests", nil), ("guests", .number("0")),
            ("guests", .number("50.5")), ("guests", .string("50")), ("contact_name", .number("1")),
            ("services_requested", .string("dj")), ("services_requested", .array([.number("1")])), ("table", .string("A1")),
        ] as [(String, JSONValue?)])
    func invalidField(field: String, value: JSONValue?) async throws {
        let harness = try makeRestaurant()
        let error = await #expect(throws: PasarelaError.self) {
            try await harness.call(.post, "/partners/findyourwork/notify-event", body: seedReservation(with: [field: value]))
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.hasPrefix(field) == true)
        #expect(harness.documentKeys.isEmpty)
        #expect(harness.emissions.isEmpty)
    }

    @Test("a leap day is a real date")
    func leapDay() async throws {
        let harness = try makeRestaurant()
        let answer = try await harness.call(
            .post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["date": .string("2028-02-29"), "time": .string("00:00")]))
        #expect(answer.body["forwarded"] == .bool(true))
    }

    @Test("a body that is not JSON is a 400")
    func malformedBody() async throws {
        let harness = try makeRestaurant()
        let route = try #require(harness.pack.routes.first { $0.path == "/partners/findyourwork/notify-event" })
        let session = PackSession(state: harness, now: harness.clock.now())
        let error = await #expect(throws: PasarelaError.self) {
            try await route.handler(PackRequest(body: Array("{\"reservation_id\": ".utf8)), session)
        }
        #expect(error?.code == .malformedRequest)
        #expect(session.changes == PackChanges())
    }
}
