import Foundation
import PasarelaKit
import PasarelaTesting
import SeedPartnerEvents
import Testing

@Suite("findyourwork: the restaurant's events make and keep opportunities")
struct ReservationEventTests {
    @Test("event.reservation_confirmed creates an open opportunity with the catalog's offers of the requested types")
    func confirmedCreatesOpportunity() async throws {
        let harness = try await marketplaceWithOpportunity()
        let found = try await opportunity(in: harness)
        #expect(found["external_event_id"] == .string("RES-2026-001"))
        #expect(found["event_name"] == .string("Cena Corporativa TechCorp"))
        #expect(found["date"] == .string("2026-02-15"))
        #expect(found["time"] == .string("19:00"))
        #expect(found["guests"] == .number("50"))
        #expect(found["services_requested"] == (try json(#"["dj", "decoracion", "fotografia"]"#)))
        #expect(found["status"] == .string("open"))
        #expect(found["paid"] == .bool(false))
        #expect(found["bookings"] == .array([]))
        let offers = found["offers"]?.arrayValue ?? []
        #expect(Set(offers.compactMap { $0["service_type"]?.stringValue }) == ["dj", "decoracion", "fotografia"])
        #expect(offers.count == 4, "two DJs, one photographer, one decorator; no catering")
        #expect(harness.documentKeys == ["opportunity/RES-2026-001"])
        #expect(harness.emissions.isEmpty)
    }

    @Test("a second event.reservation_confirmed updates the fields and keeps the bookings")
    func confirmedAgainKeepsBookings() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await book(harness, seedBookingBody())
        var data = try seedReservationConfirmed().objectValue ?? [:]
        data["guests"] = .number("90")
        data["services_requested"] = try json(#"["catering"]"#)
        try await harness.deliver(fromRestaurant(.reservationConfirmed, .object(data)))
        let found = try await opportunity(in: harness)
        #expect(found["guests"] == .number("90"))
        #expect(found["offers"]?.arrayValue?.compactMap { $0["service_type"]?.stringValue } == ["catering"])
        #expect(found["bookings"]?.arrayValue?.count == 1)
    }

    @Test("event.updated applies the changes and recomputes the offers when the services change")
    func updated() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await harness.deliver(
            fromRestaurant(.reservationUpdated, json(#"{"reservation_id": "RES-2026-001", "changes": {"guests": 80, "time": "20:30"}}"#)))
        var found = try await opportunity(in: harness)
        #expect(found["guests"] == .number("80"))
        #expect(found["time"] == .string("20:30"))
        #expect(found["offers"]?.arrayValue?.count == 4)
        try await harness.deliver(
            fromRestaurant(.reservationUpdated, json(#"{"reservation_id": "RES-2026-001", "changes": {"services_requested": ["catering", "dj"]}}"#)))
        found = try await opportunity(in: harness)
        #expect(found["services_requested"] == (try json(#"["catering", "dj"]"#)))
        #expect(Set(found["offers"]?.arrayValue?.compactMap { $0["service_type"]?.stringValue } ?? []) == ["catering", "dj"])
        #expect(found["offers"]?.arrayValue?.count == 3)
    }

    @Test("event.cancelled cancels the opportunity and each live booking, telling the restaurant about each")
    func cancelled() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await book(harness, seedBookingBody())
        try await book(harness, json(#"{"service_id": 201}"#))
        try await book(harness, json(#"{"service_id": 301}"#))
        _ = try await harness.call(.post, "/bookings/BKG-0003/cancel", body: json(#"{"reason": "sin stock"}"#))
        let sentBefore = harness.emissions.count
        try await harness.deliver(fromRestaurant(.reservationCancelled, json(#"{"reservation_id": "RES-2026-001", "reason": "Cliente canceló"}"#)))
        let found = try await opportunity(in: harness)
        #expect(found["status"] == .string("cancelled"))
        #expect(found["cancel_reason"] == .string("Cliente canceló"))
        #expect(found["bookings"]?.arrayValue?.map { $0["status"] } == Array(repeating: .string("cancelled"), count: 3))
        #expect(found["bookings"]?.arrayValue?.map { $0["reason"] } == [.string("Cliente canceló"), .string("Cliente canceló"), .string("sin stock")])
        let sent = harness.emissions.dropFirst(sentBefore)
        #expect(sent.map(\.eventType) == ["service.cancelled", "service.cancelled"])
        #expect(
            sent.first?.data
                == (try json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "reason": "Cliente canceló"}"#)))
        #expect(sent.last?.data["service_id"] == .number("201"))
        #expect(sent.allSatisfy { $0.partnerID == "chuwue-grill" })
    }

    @Test("a second event.cancelled (another id) cancels nothing more and sends nothing")
    func cancelledTwice() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await book(harness, seedBookingBody())
        try await harness.deliver(fromRestaurant(.reservationCancelled, json(#"{"reservation_id": "RES-2026-001", "reason": "x"}"#), id: "evt_c1"))
        let before = harness.committedState
        #expect(try await harness.deliver(fromRestaurant(.reservationCancelled, json(#"{"reservation_id": "RES-2026-001", "reason": "x"}"#), id: "evt_c2")))
        #expect(harness.committedState == before)
    }

    @Test("payment.success marks the opportunity paid with the amount and currency given")
    func paymentSuccess() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await harness.deliver(
            fromRestaurant(.paymentSuccess, json(#"{"reservation_id": "RES-2026-001", "amount": "1250.00", "currency": "USD", "payment_id": "pay_1"}"#)))
        let found = try await opportunity(in: harness)
        #expect(found["paid"] == .bool(true))
        #expect(found["amount"] == .string("1250.00"))
        #expect(found["currency"] == .string("USD"))
    }

    @Test("the same event id twice is handled once; two ids with the same content leave the same state")
    func idempotency() async throws {
        let harness = try makeMarketplace()
        let event = try fromRestaurant(.reservationConfirmed, seedReservationConfirmed(), id: "evt_same")
        #expect(try await harness.deliver(event))
        let once = harness.committedState
        #expect(try await harness.deliver(event) == false)
        #expect(try await harness.deliver(fromRestaurant(.reservationConfirmed, seedReservationConfirmed(), id: "evt_other")))
        #expect(harness.committedState == once)
    }

    @Test("events from another partner are ignored")
    func otherPartner() async throws {
        let harness = try makeMarketplace()
        #expect(try await harness.deliver(.fromPartner("someone-else", type: .reservationConfirmed, data: seedReservationConfirmed())))
        #expect(harness.documentKeys.isEmpty)
    }

    @Test(
        "events without reservation_id are logged and succeed, changing nothing",
        arguments: [
            (EventType.reservationConfirmed, #"{"event_name": "Sin id"}"#), (.reservationConfirmed, #"[1]"#),
            (.reservationUpdated, #"{"changes": {}}"#),
        ])
    func unusableEvents(type: EventType, data: String) async throws {
        let harness = try await marketplaceWithOpportunity()
        let before = harness.committedState
        #expect(try await harness.deliver(fromRestaurant(type, json(data))))
        #expect(harness.committedState == before)
    }

    @Test(
        "an event that overtook its event.reservation_confirmed fails, changing nothing, so the host retries it; then it applies",
        arguments: [
            (EventType.reservationUpdated, #"{"reservation_id": "RES-2026-001", "changes": {"guests": 60}}"#, "guests", JSONValue.number("60")),
            (.reservationCancelled, #"{"reservation_id": "RES-2026-001", "reason": "x"}"#, "status", .string("cancelled")),
            (.paymentSuccess, #"{"reservation_id": "RES-2026-001", "amount": "1.00"}"#, "paid", .bool(true)),
        ])
    func overtaken(type: EventType, data: String, field: String, applied: JSONValue) async throws {
        let harness = try makeMarketplace()
        let early = fromRestaurant(type, try json(data), sentAt: Date(timeIntervalSince1970: 1_767_225_602))
        let error = await #expect(throws: PasarelaError.self) { try await harness.deliver(early) }
        #expect(error?.code == .invalidState)
        #expect(harness.documentKeys.isEmpty)
        try await harness.deliver(fromRestaurant(.reservationConfirmed, seedReservationConfirmed(), sentAt: Date(timeIntervalSince1970: 1_767_225_601)))
        #expect(try await harness.deliver(early))
        #expect(try await opportunity(in: harness)[field] == applied)
    }

    @Test("changes apply in the order the restaurant sent them, whatever order they arrive in; a cancelled event takes no more")
    func outOfOrderChanges() async throws {
        let harness = try makeMarketplace()
        func at(_ second: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_767_225_600 + second) }
        try await harness.deliver(fromRestaurant(.reservationConfirmed, seedReservationConfirmed(), sentAt: at(1)))
        try await harness.deliver(
            fromRestaurant(.reservationUpdated, json(#"{"reservation_id": "RES-2026-001", "changes": {"guests": 80}}"#), sentAt: at(3)))
        try await harness.deliver(
            fromRestaurant(
                .reservationUpdated, json(#"{"reservation_id": "RES-2026-001", "changes": {"guests": 60, "date": "2026-02-16"}}"#),
                sentAt: at(2)))
        var current = try await opportunity(in: harness)
        #expect(current["guests"] == .number("80"))
        #expect(current["date"] == .string("2026-02-16"))
        try await harness.deliver(fromRestaurant(.reservationConfirmed, seedReservationConfirmed(), sentAt: at(1)))
        #expect(try await opportunity(in: harness)["guests"] == .number("80"))
        try await harness.deliver(fromRestaurant(.reservationCancelled, json(#"{"reservation_id": "RES-2026-001", "reason": "x"}"#), sentAt: at(5)))
        try await harness.deliver(
            fromRestaurant(.reservationUpdated, json(#"{"reservation_id": "RES-2026-001", "changes": {"guests": 90}}"#), sentAt: at(4)))
        current = try await opportunity(in: harness)
        #expect(current["status"] == .string("cancelled"))
        #expect(current["guests"] == .number("80"))
    }

    @Test("GET /opportunities lists them; an unknown one is a 404")
    func listing() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await harness.deliver(fromRestaurant(.reservationConfirmed, json(#"{"reservation_id": "RES-2026-002", "guests": 60}"#)))
        let list = try await harness.call(.get, "/opportunities").body["data"]?.arrayValue ?? []
        #expect(list.map { $0["external_event_id"] } == [.string("RES-2026-001"), .string("RES-2026-002")])
        #expect(list.last?["offers"] == .array([]))
        let error = await #expect(throws: PasarelaError.self) { try await harness.call(.get, "/opportunities/RES-404") }
        #expect(error?.code == .notFound)
    }
}
