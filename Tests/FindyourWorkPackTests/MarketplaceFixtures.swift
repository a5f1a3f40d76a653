import FindyourWorkPack
import Foundation
import PasarelaKit
import PasarelaTesting
import SeedPartnerEvents

/// The marketplace pack in a harness, with the restaurant partner `chuwue-grill` registered.
func makeMarketplace(_ options: [String: OptionValue] = [:]) throws -> PackHarness {
    let harness = try PackHarness(FindyourWorkModule.descriptor, options: options, identity: "findyourwork")
    harness.partners.add("chuwue-grill")
    return harness
}

/// JSON from text, numbers kept as written.
func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(text)
}

/// An event from the restaurant partner.
func fromRestaurant(
    _ type: EventType, _ data: JSONValue, id: String = "evt_\(UUID().uuidString.prefix(12))", sentAt: Date? = nil
) -> PackEvent {
    .fromPartner("chuwue-grill", type: type, data: data, id: id, sentAt: sentAt)
}

/// What the restaurant sends for the seed's "Paso 3" reservation.
func seedReservationConfirmed() throws -> JSONValue {
    try json(
        #"""
        {"reservation_id": "RES-2026-001", "event_name": "Cena Corporativa TechCorp", "date": "2026-02-15", "time": "19:00",
         "guests": 50, "contact_name": "María García", "contact_phone": "0991234567",
         "services_requested": ["dj", "decoracion", "fotografia"]}
        """#)
}

/// The fields the seed's "Paso 4" passes to notify_service_booked, as a booking body.
func seedBookingBody() throws -> JSONValue {
    try json(
        #"""
        {"service_id": 123, "service_name": "DJ Profesional", "service_category": "entretenimiento",
         "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"}, "price": 250.00, "scheduled_time": "19:00"}
        """#)
}

/// A marketplace with the seed's opportunity.
func marketplaceWithOpportunity(_ options: [String: OptionValue] = [:]) async throws -> PackHarness {
    let harness = try makeMarketplace(options)
    try await harness.deliver(fromRestaurant(.reservationConfirmed, seedReservationConfirmed()))
    return harness
}

/// Books `body` for the seed's opportunity and returns the answer.
@discardableResult
func book(_ harness: PackHarness, _ body: JSONValue, for externalEventID: String = "RES-2026-001") async throws -> PackResponse {
    try await harness.call(.post, "/opportunities/\(externalEventID)/bookings", body: body)
}

/// The opportunity as `GET /opportunities/{id}` answers it.
func opportunity(_ id: String = "RES-2026-001", in harness: PackHarness) async throws -> JSONValue {
    try await harness.call(.get, "/opportunities/\(id)").body
}
