import Foundation
import PasarelaKit
import PasarelaTesting
import SeedPartnerEvents
import Testing

@Suite("chuwue-grill: the marketplace's service events keep the itinerary")
struct ServiceEventTests {
    /// A harness with the seed's reservation notified.
    func restaurantWithReservation() async throws -> PackHarness {
        let harness = try makeRestaurant()
        try await notifySeedReservation(harness)
        return harness
    }

    func itinerary(_ harness: PackHarness) async throws -> [JSONValue] {
        try await reservation(in: harness)["itinerary"]?.arrayValue ?? []
    }

    @Test("the seed's Paso 4 booking adds one entry, price kept as 250.00")
    func seedBooking() async throws {
        let harness = try await restaurantWithReservation()
        #expect(try await harness.deliver(fromMarketplace(.serviceBookedForEvent, seedServiceBooked())))
        #expect(
            try await itinerary(harness) == [
                try json(
                    #"""
                    {"service_id": 123, "booking_id": null, "service_name": "DJ Profesional", "service_category": "entretenimiento",
                     "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"}, "price": 250.00, "scheduled_time": "19:00",
                     "status": "booked", "confirmation_code": null}
                    """#)
            ])
        #expect(try await itinerary(harness).first?["price"]?.numberText == "250.00")
        #expect(harness.emissions.filter { !$0.isForEventBus }.count == 1, "handling a service event sends no partner anything")
        // Seed step 9: the customer is to be told, through the event bus.
        let request = try #require(harness.emissions.last)
        #expect(request.isForEventBus)
        #expect(request.eventType == "customer.notification_requested")
        #expect(request.data["reservation"]?["reservation_id"]?.stringValue == "RES-2026-001")
        #expect(request.data["change"]?["event_type"]?.stringValue == "service.booked_for_event")
        #expect(request.data["change"]?["service"]?["service_name"]?.stringValue == "DJ Profesional")
    }

    @Test("booked → confirmed → provider assigned → cancelled keeps one entry, updated in place")
    func lifecycleInPlace() async throws {
        let harness = try await restaurantWithReservation()
        let ids = #""external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001""#
        try await harness.deliver(
            fromMarketplace(.serviceBookedForEvent, json(#"{\#(ids), "service_name": "DJ Profesional", "price": 250.00, "scheduled_time": "19:00"}"#)))
        try await harness.deliver(fromMarketplace(.serviceConfirmed, json(#"{\#(ids), "confirmation_code": "FYW-ABC123"}"#)))
        var entries = try await itinerary(harness)
        #expect(entries.count == 1)
        #expect(entries.first?["status"] == .string("confirmed"))
        #expect(entries.first?["confirmation_code"] == .string("FYW-ABC123"))

        try await harness.deliver(fromMarketplace(.providerAssigned, json(#"{\#(ids), "provider_info": {"name": "DJ Nuevo", "phone": "0990000000"}}"#)))
        entries = try await itinerary(harness)
        #expect(entries.count == 1)
        #expect(entries.first?["provider"] == (try json(#"{"name": "DJ Nuevo", "phone": "0990000000"}"#)))
        #expect(entries.first?["status"] == .string("confirmed"))

        try await harness.deliver(fromMarketplace(.serviceCancelled, json(#"{\#(ids), "reason": "proveedor enfermo"}"#)))
        entries = try await itinerary(harness)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry["status"] == .string("cancelled"))
        #expect(entry["reason"] == .string("proveedor enfermo"))
        #expect(entry["booking_id"] == .string("BKG-0001"))
        #expect(entry["price"]?.numberText == "250.00")
        #expect(entry["service_name"] == .string("DJ Profesional"))
    }

    @Test("two services make two entries; a string service id keeps its own entry")
    func severalServices() async throws {
        let harness = try await restaurantWithReservation()
        try await harness.deliver(fromMarketplace(.serviceBookedForEvent, seedServiceBooked()))
        try await harness.deliver(
            fromMarketplace(.serviceBookedForEvent, json(#"{"external_event_id": "RES-2026-001", "service_id": "foto-1", "service_name": "Fotos"}"#)))
        try await harness.deliver(
            fromMarketplace(.serviceConfirmed, json(#"{"external_event_id": "RES-2026-001", "service_id": "123", "confirmation_code": "C1"}"#)))
        let entries = try await itinerary(harness)
        #expect(entries.map { $0["service_id"] } == [.number("123"), .string("foto-1")])
        #expect(entries.map { $0["status"] } == [.string("confirmed"), .string("booked")], "123 and \"123\" are the same service")
    }

    @Test("an event before the booking creates the entry with what it has")
    func eventBeforeBooking() async throws {
        let harness = try await restaurantWithReservation()
        try await harness.deliver(
            fromMarketplace(.serviceConfirmed, json(#"{"external_event_id": "RES-2026-001", "service_id": 7, "booking_id": "BKG-0007", "confirmation_code": "C7"}"#)))
        #expect(
            try await itinerary(harness) == [
                try json(
                    #"""
                    {"service_id": 7, "booking_id": "BKG-0007", "service_name": null, "service_category": null, "provider": null,
                     "price": null, "scheduled_time": null, "status": "confirmed", "confirmation_code": "C7"}
                    """#)
            ])
        try await harness.deliver(
            fromMarketplace(.serviceBookedForEvent, json(#"{"external_event_id": "RES-2026-001", "service_id": 7, "booking_id": "BKG-0007", "service_name": "Luces"}"#)))
        let entry = try #require(try await itinerary(harness).first)
        #expect(entry["service_name"] == .string("Luces"))
        #expect(entry["status"] == .string("confirmed"), "a late booking event of the same booking does not move the service back")
    }

    @Test("a new booking of a service starts its entry over")
    func rebooking() async throws {
        let harness = try await restaurantWithReservation()
        try await harness.deliver(
            fromMarketplace(.serviceBookedForEvent, json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001"}"#)))
        try await harness.deliver(
            fromMarketplace(.serviceCancelled, json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "reason": "x"}"#)))
        try await harness.deliver(
            fromMarketplace(.serviceBookedForEvent, json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0002"}"#)))
        let entries = try await itinerary(harness)
        #expect(entries.count == 1)
        #expect(entries.first?["booking_id"] == .string("BKG-0002"))
        #expect(entries.first?["status"] == .string("booked"))
        #expect(entries.first?["reason"] == nil)
    }

    @Test("events about an earlier booking of the service, arriving late, leave the current booking's entry alone")
    func lateEventsOfAnEarlierBooking() async throws {
        let harness = try await restaurantWithReservation()
        func at(_ second: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_767_225_600 + second) }
        try await harness.deliver(
            fromMarketplace(
                .serviceBookedForEvent, json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0002"}"#),
                sentAt: at(5)))
        for (type, data) in [
            (EventType.serviceBookedForEvent, #"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001"}"#),
            (.serviceConfirmed, #"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "confirmation_code": "OLD"}"#),
            (.serviceCancelled, #"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "reason": "old"}"#),
            (.providerAssigned, #"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "provider_info": {"name": "Old"}}"#),
        ] {
            try await harness.deliver(fromMarketplace(type, json(data), sentAt: at(1)))
        }
        let entries = try await itinerary(harness)
        #expect(entries.count == 1)
        #expect(entries.first?["booking_id"] == .string("BKG-0002"))
        #expect(entries.first?["status"] == .string("booked"))
        #expect(entries.first?["confirmation_code"] == .null)
        #expect(entries.first?["provider"] == .null)
    }

    @Test("a confirmation arriving after the booking's cancellation leaves it cancelled")
    func confirmationAfterCancellation() async throws {
        let harness = try await restaurantWithReservation()
        try await harness.deliver(
            fromMarketplace(.serviceBookedForEvent, json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001"}"#)))
        try await harness.deliver(
            fromMarketplace(.serviceCancelled, json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "reason": "x"}"#)))
        try await harness.deliver(
            fromMarketplace(.serviceConfirmed, json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "confirmation_code": "C"}"#)))
        #expect(try await itinerary(harness).first?["status"] == .string("cancelled"))
    }

    @Test("an event without service_id is matched by its booking_id")
    func matchByBooking() async throws {
        let harness = try await restaurantWithReservation()
        try await harness.deliver(
            fromMarketplace(.serviceBookedForEvent, json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001"}"#)))
        try await harness.deliver(
            fromMarketplace(.serviceConfirmed, json(#"{"external_event_id": "RES-2026-001", "booking_id": "BKG-0001", "confirmation_code": "OK1"}"#)))
        #expect(try await itinerary(harness).first?["confirmation_code"] == .string("OK1"))
    }

    @Test("the same event id delivered twice is handled once")
    func sameEventTwice() async throws {
        let harness = try await restaurantWithReservation()
        let event = try fromMarketplace(.serviceBookedForEvent, seedServiceBooked(), id: "evt_dup")
        #expect(try await harness.deliver(event))
        let before = harness.committedState
        #expect(try await harness.deliver(event) == false)
        #expect(harness.committedState == before)
    }

    @Test("two event ids with the same content are both handled; the entry stays one")
    func sameContentTwice() async throws {
        let harness = try await restaurantWithReservation()
        #expect(try await harness.deliver(fromMarketplace(.serviceBookedForEvent, seedServiceBooked(), id: "evt_a")))
        let after = try await itinerary(harness)
        #expect(try await harness.deliver(fromMarketplace(.serviceBookedForEvent, seedServiceBooked(), id: "evt_b")))
        #expect(try await itinerary(harness) == after)
        #expect(after.count == 1)
    }

    @Test("events from another partner are ignored")
    func otherPartner() async throws {
        let harness = try await restaurantWithReservation()
        let before = harness.committedState
        #expect(try await harness.deliver(.fromPartner("intruder", type: .serviceBookedForEvent, data: seedServiceBooked())))
        #expect(harness.committedState == before)
    }

    @Test(
        "an unknown reservation, no external_event_id or no service is logged and succeeds, changing nothing",
        arguments: [
            #"{"external_event_id": "RES-404", "service_id": 123}"#, #"{"service_id": 123}"#, #"{"external_event_id": 5, "service_id": 1}"#,
            #"{"external_event_id": "RES-2026-001"}"#, #"{"external_event_id": "RES-2026-001", "service_id": {"id": 1}}"#, #"[]"#,
        ])
    func unusableEvent(data: String) async throws {
        let harness = try await restaurantWithReservation()
        let before = harness.committedState
        for type in [EventType.serviceBookedForEvent, .serviceConfirmed, .serviceCancelled, .providerAssigned] {
            #expect(try await harness.deliver(fromMarketplace(type, json(data))))
        }
        #expect(harness.committedState == before)
    }

    @Test("the pack subscribes to the marketplace's events and payment.succeeded")
    func subscriptions() throws {
        let harness = try makeRestaurant()
        #expect(
            harness.pack.subscriptions
                == ["service.booked_for_event", "service.confirmed", "service.cancelled", "provider.assigned", "payment.succeeded"])
    }
}
