import PasarelaKit

/// The partner event types of the seed's restaurant ↔ marketplace integration, named once for
/// the two packs that speak it (`chuwue-grill` sends the `event.*` and `payment.success` ones,
/// `findyourwork` the `service.*` and `provider.assigned` ones).
extension EventType {
    /// A large reservation was confirmed: `reservation_id`, `event_name`, `date`, `time`, `guests`, ….
    public static let reservationConfirmed: EventType = "event.reservation_confirmed"
    /// A confirmed reservation changed: `reservation_id`, `changes`.
    public static let reservationUpdated: EventType = "event.updated"
    /// A confirmed reservation was cancelled: `reservation_id`, `reason`.
    public static let reservationCancelled: EventType = "event.cancelled"
    /// A confirmed reservation was paid: `reservation_id`, `amount`, `currency`, `payment_id`.
    public static let paymentSuccess: EventType = "payment.success"
    /// A service was booked for a reservation: `external_event_id`, `booking_id`, `service_id`, `service_name`, `price`, ….
    public static let serviceBookedForEvent: EventType = "service.booked_for_event"
    /// A booked service was confirmed: `external_event_id`, `service_id`, `booking_id`, `confirmation_code`.
    public static let serviceConfirmed: EventType = "service.confirmed"
    /// A booked service was cancelled: `external_event_id`, `service_id`, `booking_id`, `reason`.
    public static let serviceCancelled: EventType = "service.cancelled"
    /// A provider was assigned to a booked service: `external_event_id`, `service_id`, `booking_id`, `provider_info`.
    public static let providerAssigned: EventType = "provider.assigned"
    /// Seed step 8, for the event bus: a booked provider is to be told (`provider`, `booking`, `event`).
    public static let providerNotificationRequested: EventType = "provider.notification_requested"
    /// Seed step 9, for the event bus: a customer is to be told their event changed (`reservation`, `change`).
    public static let customerNotificationRequested: EventType = "customer.notification_requested"
}
