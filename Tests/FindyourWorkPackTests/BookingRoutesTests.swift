import FindyourWorkPack
import PasarelaKit
import PasarelaTesting
import SeedPartnerEvents
import Testing

@Suite("findyourwork: booking services and following bookings up")
struct BookingRoutesTests {
    @Test("the seed's Paso 4 fields book the service: 201, kept as given, price 250.00, service.booked_for_event sent")
    func seedBooking() async throws {
        let harness = try await marketplaceWithOpportunity()
        let answer = try await book(harness, seedBookingBody())
        #expect(answer.status == 201)
        let expected = try json(
            #"""
            {"booking_id": "BKG-0001", "external_event_id": "RES-2026-001", "service_id": 123, "service_name": "DJ Profesional",
             "service_category": "entretenimiento", "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"}, "price": 250.00,
             "scheduled_time": "19:00", "status": "booked", "confirmation_code": null}
            """#)
        #expect(answer.body == expected)
        #expect(answer.body["price"]?.numberText == "250.00")
        let emission = try #require(harness.emissions.last { !$0.isForEventBus })
        #expect(emission.eventType == "service.booked_for_event")
        #expect(emission.partnerID == "chuwue-grill")
        #expect(
            emission.data
                == (try json(
                    #"""
                    {"external_event_id": "RES-2026-001", "booking_id": "BKG-0001", "service_id": 123, "service_name": "DJ Profesional",
                     "service_category": "entretenimiento", "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"},
                     "price": 250.00, "scheduled_time": "19:00"}
                    """#)))
        var stored = expected.objectValue ?? [:]
        stored["external_event_id"] = nil
        #expect(try await opportunity(in: harness)["bookings"] == .array([.object(stored)]))
        #expect(harness.documentKeys == ["booking/BKG-0001", "counter/booking", "opportunity/RES-2026-001"])
    }

    @Test("a catalog service id fills what the client leaves out; scheduled_time defaults to the event's time")
    func catalogFills() async throws {
        let harness = try await marketplaceWithOpportunity()
        let answer = try await book(harness, json(#"{"service_id": 201, "service_category": "foto y video"}"#))
        #expect(answer.body["service_name"] == .string("Fotografía de Eventos"))
        #expect(answer.body["service_category"] == .string("foto y video"))
        #expect(answer.body["provider"]?["name"] == .string("Lente Creativo"))
        #expect(answer.body["price"] == .number("180.00"))
        #expect(answer.body["scheduled_time"] == .string("19:00"))
        #expect(answer.body["booking_id"] == .string("BKG-0001"))
        #expect(try await book(harness, json(#"{"service_id": "123"}"#)).body["booking_id"] == .string("BKG-0002"))
    }

    @Test("a service outside the catalog needs every field")
    func outsideCatalog() async throws {
        let harness = try await marketplaceWithOpportunity()
        let body = try json(
            #"{"service_id": "mago-1", "service_name": "Mago", "service_category": "entretenimiento", "provider": {"name": "Merlín"}, "price": "75", "scheduled_time": "21:15"}"#)
        let answer = try await book(harness, body)
        #expect(answer.body["service_id"] == .string("mago-1"))
        #expect(answer.body["price"] == .string("75"))
    }

    @Test(
        "bad booking bodies are a 422 naming the field, and nothing changes",
        arguments: [
            (#"{}"#, "service_id"), (#"{"service_id": null}"#, "service_id"), (#"{"service_id": 1.5}"#, "service_id"),
            (#"{"service_id": ""}"#, "service_id"), (#"{"service_id": 999}"#, "service_name"),
            (#"{"service_id": 999, "service_name": "X"}"#, "service_category"),
            (#"{"service_id": 999, "service_name": "X", "service_category": "c"}"#, "provider"),
            (#"{"service_id": 999, "service_name": "X", "service_category": "c", "provider": {}}"#, "price"),
            (#"{"service_id": 123, "price": 250.001}"#, "price"), (#"{"service_id": 123, "price": -5}"#, "price"),
            (#"{"service_id": 123, "price": "gratis"}"#, "price"), (#"{"service_id": 123, "price": true}"#, "price"),
            (#"{"service_id": 123, "scheduled_time": "7pm"}"#, "scheduled_time"), (#"{"service_id": 123, "provider": "Pepe"}"#, "provider"),
            (#"{"service_id": 123, "service_name": 5}"#, "service_name"), (#"{"service_id": 123, "notes": "x"}"#, "notes"),
        ])
    func invalidBooking(body: String, field: String) async throws {
        let harness = try await marketplaceWithOpportunity()
        let before = harness.committedState
        let error = await #expect(throws: PasarelaError.self) { try await book(harness, json(body)) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.hasPrefix(field) == true, "\(error?.message ?? "")")
        #expect(harness.committedState == before)
    }

    @Test("a service already booked for the event is a 409 until that booking is cancelled")
    func oneLiveBookingPerService() async throws {
        let harness = try await marketplaceWithOpportunity()
        let first = try await book(harness, seedBookingBody())
        let before = harness.committedState
        let again = await #expect(throws: PasarelaError.self) { try await book(harness, seedBookingBody()) }
        #expect(again?.code == .invalidState)
        #expect(again?.message.contains("already booked") == true)
        #expect(harness.committedState == before)
        let bookingID = try #require(first.body["booking_id"]?.stringValue)
        _ = try await harness.call(.post, "/bookings/\(bookingID)/cancel", body: .object(["reason": .string("otra fecha")]))
        #expect(try await book(harness, seedBookingBody()).status == 201)
    }

    @Test("booking for an unknown opportunity is a 404; for a cancelled one a 409; nothing changes")
    func bookingRefusedByOpportunity() async throws {
        let harness = try await marketplaceWithOpportunity()
        let missing = await #expect(throws: PasarelaError.self) { try await book(harness, seedBookingBody(), for: "RES-404") }
        #expect(missing?.code == .notFound)
        try await harness.deliver(fromRestaurant(.reservationCancelled, json(#"{"reservation_id": "RES-2026-001", "reason": "x"}"#)))
        let before = harness.committedState
        let cancelled = await #expect(throws: PasarelaError.self) { try await book(harness, seedBookingBody()) }
        #expect(cancelled?.code == .invalidState)
        #expect(harness.committedState == before)
    }

    @Test("confirming sends service.confirmed with a generated code; confirming again answers the same without an event")
    func confirm() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await book(harness, seedBookingBody())
        let answer = try await harness.call(.post, "/bookings/BKG-0001/confirm")
        #expect(answer.status == 200)
        #expect(answer.body["status"] == .string("confirmed"))
        let code = try #require(answer.body["confirmation_code"]?.stringValue)
        #expect(code.hasPrefix("FYW-"))
        #expect(code.dropFirst(4).count == 6)
        #expect(code.dropFirst(4).allSatisfy { ($0.isUppercase || $0.isNumber) && $0.isASCII })
        #expect(harness.emissions.last?.eventType == "service.confirmed")
        #expect(
            harness.emissions.last?.data
                == .object([
                    "external_event_id": .string("RES-2026-001"), "service_id": .number("123"), "booking_id": .string("BKG-0001"),
                    "confirmation_code": .string(code),
                ]))
        let before = harness.committedState
        let again = try await harness.call(.post, "/bookings/BKG-0001/confirm", body: json(#"{"confirmation_code": "OTHER"}"#))
        #expect(again == answer)
        #expect(harness.committedState == before)
    }

    @Test("a confirmation code may be given")
    func confirmWithCode() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await book(harness, seedBookingBody())
        let answer = try await harness.call(.post, "/bookings/BKG-0001/confirm", body: json(#"{"confirmation_code": "DJ-2026-77"}"#))
        #expect(answer.body["confirmation_code"] == .string("DJ-2026-77"))
        #expect(try await opportunity(in: harness)["bookings"]?.arrayValue?.first?["confirmation_code"] == .string("DJ-2026-77"))
    }

    @Test("cancelling sends service.cancelled with the reason; again is a 409; a cancelled booking cannot be confirmed (409)")
    func cancel() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await book(harness, seedBookingBody())
        let answer = try await harness.call(.post, "/bookings/BKG-0001/cancel", body: json(#"{"reason": "agenda llena"}"#))
        #expect(answer.body["status"] == .string("cancelled"))
        #expect(
            harness.emissions.last?.data
                == (try json(#"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "reason": "agenda llena"}"#)))
        #expect(harness.emissions.last?.eventType == "service.cancelled")
        let before = harness.committedState
        for (path, body) in [("cancel", #"{"reason": "otra vez"}"#), ("confirm", "{}"), ("provider", #"{"provider_info": {"name": "X"}}"#)] {
            let error = await #expect(throws: PasarelaError.self) { try await harness.call(.post, "/bookings/BKG-0001/\(path)", body: json(body)) }
            #expect(error?.code == .invalidState)
        }
        #expect(harness.committedState == before)
    }

    @Test("assigning a provider replaces it and sends provider.assigned")
    func assignProvider() async throws {
        let harness = try await marketplaceWithOpportunity()
        try await book(harness, seedBookingBody())
        let answer = try await harness.call(
            .post, "/bookings/BKG-0001/provider", body: json(#"{"provider_info": {"name": "DJ Luna", "phone": "0981112222"}}"#))
        #expect(answer.body["provider"] == (try json(#"{"name": "DJ Luna", "phone": "0981112222"}"#)))
        let sent = harness.emissions.filter { !$0.isForEventBus }
        #expect(sent.last?.eventType == "provider.assigned")
        #expect(
            sent.last?.data
                == (try json(
                    #"{"external_event_id": "RES-2026-001", "service_id": 123, "booking_id": "BKG-0001", "provider_info": {"name": "DJ Luna", "phone": "0981112222"}}"#)))
        #expect(try await opportunity(in: harness)["bookings"]?.arrayValue?.first?["provider"]?["name"] == .string("DJ Luna"))
        // Seed step 8: the booked provider is to be told, through the event bus, at booking and at each assignment.
        let requests = harness.emissions.filter(\.isForEventBus)
        #expect(requests.map(\.eventType) == ["provider.notification_requested", "provider.notification_requested"])
        #expect(requests.last?.data["provider"] == (try json(#"{"name": "DJ Luna", "phone": "0981112222"}"#)))
        #expect(requests.last?.data["booking"]?["booking_id"]?.stringValue == "BKG-0001")
        #expect(requests.last?.data["event"]?["external_event_id"]?.stringValue == "RES-2026-001")
    }

    @Test(
        "bad bodies for a booking's routes are a 422 and change nothing",
        arguments: [
            ("cancel", #"{}"#), ("cancel", #"{"reason": ""}"#), ("cancel", #"{"reason": 1}"#), ("confirm", #"{"confirmation_code": 5}"#),
            ("confirm", #"{"confirmation_code": ""}"#), ("confirm", #"{"code": "X"}"#), ("provider", #"{}"#),
            ("provider", #"{"provider_info": "DJ"}"#), ("provider", #"{"provider_info": {}, "x": 1}"#),
        ])
    func invalidBookingBodies(path: String, body: String) async throws {
        let harness = try await marketplaceWithOpportunity()
        try await book(harness, seedBookingBody())
        let before = harness.committedState
        let error = await #expect(throws: PasarelaError.self) { try await harness.call(.post, "/bookings/BKG-0001/\(path)", body: json(body)) }
        #expect(error?.code == .invalidRequest)
        #expect(harness.committedState == before)
    }

    @Test(
        "an unknown booking is a 404 for every route",
        arguments: [("confirm", #"{}"#), ("cancel", #"{"reason": "x"}"#), ("provider", #"{"provider_info": {"name": "X"}}"#)])
    func unknownBooking(path: String, body: String) async throws {
        let harness = try await marketplaceWithOpportunity()
        let before = harness.committedState
        let error = await #expect(throws: PasarelaError.self) { try await harness.call(.post, "/bookings/BKG-9999/\(path)", body: json(body)) }
        #expect(error?.code == .notFound)
        #expect(harness.committedState == before)
    }

    @Test("booking while the restaurant partner is unknown to the host fails and changes nothing")
    func bookingWithoutPartner() async throws {
        let harness = try PackHarness(FindyourWorkModule.descriptor, options: ["partner_id": .string("not-registered")])
        try await harness.deliver(.fromPartner("not-registered", type: .reservationConfirmed, data: seedReservationConfirmed()))
        let before = harness.committedState
        await #expect(throws: PasarelaError.self) { try await book(harness, seedBookingBody()) }
        #expect(harness.committedState == before)
    }
}
