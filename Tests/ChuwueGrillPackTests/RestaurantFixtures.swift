import ChuwueGrillPack
import Foundation
import PasarelaKit
import PasarelaTesting

/// The restaurant pack in a harness; the marketplace partner `findyourwork` is registered unless `registered` is false.
func makeRestaurant(_ options: [String: OptionValue] = [:], registered: Bool = true) throws -> PackHarness {
    let harness = try PackHarness(ChuwueGrillModule.descriptor, options: options, identity: "chuwue-grill")
    if registered { harness.partners.add("findyourwork") }
    return harness
}

/// JSON from text, numbers kept as written.
func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(text)
}

/// The notify-event body of the seed's "Paso 3".
func seedReservation() throws -> JSONValue {
    try json(
        #"""
        {
            "reservation_id": "RES-2026-001",
            "event_name": "Cena Corporativa TechCorp",
            "date": "2026-02-15",
            "time": "19:00",
            "guests": 50,
            "contact_name": "María García",
            "contact_phone": "0991234567",
            "services_requested": ["dj", "decoracion", "fotografia"]
        }
        """#)
}

/// The seed's reservation with some members replaced (or removed, with `nil`).
func seedReservation(with changes: [String: JSONValue?]) throws -> JSONValue {
    var members = try seedReservation().objectValue ?? [:]
    for (key, value) in changes { members[key] = value }
    return .object(members)
}

/// What the seed's "Paso 4" sends with notify_service_booked.
func seedServiceBooked() throws -> JSONValue {
    try json(
        #"""
        {
            "external_event_id": "RES-2026-001",
            "service_id": 123,
            "service_name": "DJ Profesional",
            "service_category": "entretenimiento",
            "provider": {"name": "DJ Sounds Pro", "phone": "0998765432"},
            "price": 250.00,
            "scheduled_time": "19:00"
        }
        """#)
}

/// An event from the marketplace partner.
func fromMarketplace(
    _ type: EventType, _ data: JSONValue, id: String = "evt_\(UUID().uuidString.prefix(12))", sentAt: Date? = nil
) -> PackEvent {
    .fromPartner("findyourwork", type: type, data: data, id: id, sentAt: sentAt)
}

/// A `payment.succeeded` event of the mock instance for a payment with `metadata`.
func paymentSucceeded(
    _ paymentID: String = "pay_1", amount: String = "1250.00", metadata: [String: String], eventID: String = "evt_pay_1"
) throws -> PackEvent {
    let at = Date(timeIntervalSince1970: 1_767_225_600)
    let payment = Payment(
        id: paymentID, instance: "mock", providerPaymentID: "mock_pay_\(paymentID)", status: .succeeded,
        amount: try Money(decimal: amount, currency: .usd), metadata: metadata, providerStatus: "succeeded", createdAt: at,
        updatedAt: at)
    return PackEvent(id: eventID, type: .paymentSucceeded, source: .payments(instance: "mock"), data: .null, payment: payment, receivedAt: at)
}

/// Notifies the seed's reservation (forwarded with the default options).
@discardableResult
func notifySeedReservation(_ harness: PackHarness) async throws -> PackResponse {
    try await harness.call(.post, "/partners/findyourwork/notify-event", body: seedReservation())
}

/// The reservation `id` as `GET /reservations/{id}` answers it.
func reservation(_ id: String = "RES-2026-001", in harness: PackHarness) async throws -> JSONValue {
    try await harness.call(.get, "/reservations/\(id)").body
}
