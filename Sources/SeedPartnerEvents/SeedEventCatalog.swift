import PasarelaKit

/// What the seed's partner event types mean and what their data looks like, for the event
/// catalog of the two packs that speak them (one sends what the other receives).
public enum SeedEventCatalog {
    /// `type` declared as `direction`; a type the seed does not know gets an empty example.
    public static func declaration(_ type: EventType, _ direction: EventTypeDeclaration.Direction) -> EventTypeDeclaration {
        let entry = entries[type] ?? ("An event of the restaurant ↔ marketplace integration", .object([:]))
        return EventTypeDeclaration(type, direction, entry.description, example: entry.example)
    }

    private static let reservation = "RES-2026-001"

    private static let entries: [EventType: (description: String, example: JSONValue)] = [
        .reservationConfirmed: (
            "A large reservation was confirmed at the restaurant",
            .object([
                "reservation_id": .string(reservation), "event_name": .string("Boda García"), "date": .string("2026-12-20"),
                "time": .string("19:00"), "guests": .number("120"), "services_requested": .array([.string("dj"), .string("fotografia")]),
            ])
        ),
        .reservationUpdated: (
            "A confirmed reservation changed", .object(["reservation_id": .string(reservation), "changes": .object(["guests": .number("140")])])
        ),
        .reservationCancelled: (
            "A confirmed reservation was cancelled", .object(["reservation_id": .string(reservation), "reason": .string("client request")])
        ),
        .paymentSuccess: (
            "A confirmed reservation was paid",
            .object([
                "reservation_id": .string(reservation), "amount": .number("1500.00"), "currency": .string("USD"),
                "payment_id": .string("pay_01JEXAMPLE"),
            ])
        ),
        .serviceBookedForEvent: (
            "A service was booked for a reservation",
            .object([
                "external_event_id": .string(reservation), "booking_id": .string("bk_1"), "service_id": .number("123"),
                "service_name": .string("DJ Profesional"), "price": .number("250.00"),
            ])
        ),
        .serviceConfirmed: (
            "A booked service was confirmed",
            .object([
                "external_event_id": .string(reservation), "service_id": .number("123"), "booking_id": .string("bk_1"),
                "confirmation_code": .string("CONF-7731"),
            ])
        ),
        .serviceCancelled: (
            "A booked service was cancelled",
            .object([
                "external_event_id": .string(reservation), "service_id": .number("123"), "booking_id": .string("bk_1"),
                "reason": .string("provider unavailable"),
            ])
        ),
        .providerNotificationRequested: (
            "Seed step 8: a provider was booked or assigned for an event and is to be told (to the event bus)",
            .object([
                "provider": .object(["name": .string("DJ Sounds Pro"), "phone": .string("0998765432")]),
                "booking": .object(["booking_id": .string("bk_1"), "service_id": .number("123"), "service_name": .string("DJ Profesional"), "scheduled_time": .string("19:00")]),
                "event": .object(["external_event_id": .string(reservation), "event_name": .string("Boda García"), "date": .string("2026-12-20"), "time": .string("19:00")]),
            ])
        ),
        .customerNotificationRequested: (
            "Seed step 9: a booked service changed the customer's event, who is to be told (to the event bus)",
            .object([
                "reservation": .object([
                    "reservation_id": .string(reservation), "event_name": .string("Boda García"), "date": .string("2026-12-20"),
                    "time": .string("19:00"), "contact_name": .string("María García"), "contact_phone": .string("0991234567"),
                ]),
                "change": .object([
                    "event_type": .string("service.confirmed"),
                    "service": .object([
                        "service_id": .number("123"), "booking_id": .string("bk_1"), "service_name": .string("DJ Profesional"),
                        "status": .string("confirmed"), "confirmation_code": .string("CONF-7731"),
                    ]),
                ]),
            ])
        ),
        .providerAssigned: (
            "A provider was assigned to a booked service",
            .object([
                "external_event_id": .string(reservation), "service_id": .number("123"), "booking_id": .string("bk_1"),
                "provider_info": .object(["name": .string("DJ Sounds Pro"), "phone": .string("0998765432")]),
            ])
        ),
    ]
}
