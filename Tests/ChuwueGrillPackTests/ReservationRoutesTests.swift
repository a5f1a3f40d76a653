import PasarelaKit
import PasarelaTesting
import SeedPartnerEvents
import Testing

@Suite("chuwue-grill: GET, update and cancel a reservation")
struct ReservationRoutesTests {
    func update(_ harness: PackHarness, _ body: String, id: String = "RES-2026-001") async throws -> PackResponse {
        try await harness.call(.post, "/reservations/\(id)/update", body: json(body))
    }

    @Test("an unknown reservation is a 404 for every route")
    func unknownReservation() async throws {
        let harness = try makeRestaurant()
        for (method, path, body) in [
            (PackRouteMethod.get, "/reservations/NOPE", nil), (.post, "/reservations/NOPE/update", #"{"changes": {"guests": 60}}"#),
            (.post, "/reservations/NOPE/cancel", #"{"reason": "x"}"#),
        ] as [(PackRouteMethod, String, String?)] {
            let error = await #expect(throws: PasarelaError.self) { try await harness.call(method, path, body: body.map(json)) }
            #expect(error?.code == .notFound)
        }
        #expect(harness.documentKeys.isEmpty)
        #expect(harness.emissions.isEmpty)
    }

    @Test("an update applies the changes and sends them as given in event.updated")
    func updateForwarded() async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        let answer = try await update(harness, #"{"changes": {"guests": 80, "time": "20:30", "contact_phone": null}}"#)
        #expect(answer.status == 200)
        #expect(answer.body["guests"] == .number("80"))
        #expect(answer.body["time"] == .string("20:30"))
        #expect(answer.body["contact_phone"] == .null)
        #expect(answer.body["event_name"] == .string("Cena Corporativa TechCorp"))
        #expect(try await reservation(in: harness) == answer.body)
        let emission = try #require(harness.emissions.last)
        #expect(emission.eventType == "event.updated")
        #expect(
            emission.data
                == (try json(#"{"reservation_id": "RES-2026-001", "changes": {"guests": 80, "time": "20:30", "contact_phone": null}}"#)))
    }

    @Test("a held reservation whose guests reach min_guests is sent whole as event.reservation_confirmed; later changes as event.updated")
    func updateHeldToLarge() async throws {
        let harness = try makeRestaurant()
        harness.partners.add("findyourwork")
        _ = try await harness.call(.post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["guests": .number("20")]))
        let answer = try await update(harness, #"{"changes": {"guests": 55}}"#)
        #expect(answer.body["forwarded"] == .bool(true))
        #expect(harness.emissions.map(\.eventType) == [.reservationConfirmed])
        #expect(harness.emissions.first?.data["guests"] == .number("55"))
        #expect(harness.emissions.first?.data["event_name"] == .string("Cena Corporativa TechCorp"))
        _ = try await update(harness, #"{"changes": {"guests": 60}}"#)
        #expect(harness.emissions.map(\.eventType) == [.reservationConfirmed, .reservationUpdated])
    }

    @Test("updating a reservation that was not forwarded sends nothing")
    func updateHeld() async throws {
        let harness = try makeRestaurant()
        _ = try await harness.call(.post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["guests": .number("20")]))
        let answer = try await update(harness, #"{"changes": {"guests": 30, "services_requested": ["dj"]}}"#)
        #expect(answer.body["guests"] == .number("30"))
        #expect(answer.body["services_requested"] == .array([.string("dj")]))
        #expect(harness.emissions.isEmpty)
    }

    @Test(
        "invalid changes are a 422 and change nothing",
        arguments: [
            #"{}"#, #"{"changes": {}}"#, #"{"changes": []}"#, #"{"changes": {"table": "A1"}}"#, #"{"changes": {"guests": 0}}"#,
            #"{"changes": {"guests": 60, "date": "2026-13-01"}}"#, #"{"changes": {"time": "25:00"}}"#,
            #"{"changes": {"event_name": null}}"#, #"{"changes": {"reservation_id": "RES-9"}}"#, #"{"changes": {"guests": 60}, "x": 1}"#,
        ])
    func invalidChanges(body: String) async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        let before = harness.committedState
        let error = await #expect(throws: PasarelaError.self) { try await update(harness, body) }
        #expect(error?.code == .invalidRequest)
        #expect(harness.committedState == before)
    }

    @Test("the 422 names the change's field")
    func invalidChangeNamesField() async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        let error = await #expect(throws: PasarelaError.self) { try await update(harness, #"{"changes": {"guests": -1}}"#) }
        #expect(error?.message.hasPrefix("changes.guests") == true)
    }

    @Test("a cancel sends event.cancelled with the reason; the reservation is cancelled")
    func cancelForwarded() async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        let answer = try await harness.call(.post, "/reservations/RES-2026-001/cancel", body: json(#"{"reason": "Cliente canceló"}"#))
        #expect(answer.status == 200)
        #expect(answer.body["status"] == .string("cancelled"))
        #expect(answer.body["cancel_reason"] == .string("Cliente canceló"))
        #expect(harness.emissions.last?.eventType == "event.cancelled")
        #expect(harness.emissions.last?.data == (try json(#"{"reservation_id": "RES-2026-001", "reason": "Cliente canceló"}"#)))
        #expect(try await reservation(in: harness)["status"] == .string("cancelled"))
    }

    @Test("cancelling a reservation that was not forwarded sends nothing")
    func cancelHeld() async throws {
        let harness = try makeRestaurant()
        _ = try await harness.call(.post, "/partners/findyourwork/notify-event", body: seedReservation(with: ["guests": .number("5")]))
        _ = try await harness.call(.post, "/reservations/RES-2026-001/cancel", body: json(#"{"reason": "x"}"#))
        #expect(harness.emissions.isEmpty)
        #expect(try await reservation(in: harness)["status"] == .string("cancelled"))
    }

    @Test("a cancelled reservation can neither be cancelled again nor updated (409), and nothing changes")
    func cancelledIsFinal() async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        _ = try await harness.call(.post, "/reservations/RES-2026-001/cancel", body: json(#"{"reason": "first"}"#))
        let before = harness.committedState
        let again = await #expect(throws: PasarelaError.self) {
            try await harness.call(.post, "/reservations/RES-2026-001/cancel", body: json(#"{"reason": "second"}"#))
        }
        #expect(again?.code == .invalidState)
        let change = await #expect(throws: PasarelaError.self) { try await update(harness, #"{"changes": {"guests": 70}}"#) }
        #expect(change?.code == .invalidState)
        #expect(harness.committedState == before)
    }

    @Test("a cancel without a reason is a 422 and changes nothing", arguments: [#"{}"#, #"{"reason": ""}"#, #"{"reason": 3}"#, #"{"why": "x"}"#])
    func cancelNeedsReason(body: String) async throws {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        let before = harness.committedState
        let error = await #expect(throws: PasarelaError.self) { try await harness.call(.post, "/reservations/RES-2026-001/cancel", body: json(body)) }
        #expect(error?.code == .invalidRequest)
        #expect(harness.committedState == before)
    }
}
