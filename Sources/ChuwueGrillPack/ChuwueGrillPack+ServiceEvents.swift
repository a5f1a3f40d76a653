import PasarelaKit
import SeedPartnerEvents

/// The partner's service events, which keep a reservation's itinerary.
extension ChuwueGrillPack {
    /// Updates the itinerary entry the event names (by `service_id`, else by `booking_id`).
    ///
    /// Events from another source, for an unknown reservation or naming no service are logged
    /// and dropped: throwing would only have the host retry them for days.
    func handleServiceEvent(_ event: PackEvent, in session: PackSession) async throws {
        guard event.comes(from: partnerID, logger: context.logger) else { return }
        guard let reservationID = event.data["external_event_id"]?.stringValue else {
            context.logger.warning("ignoring \(event.type) \(event.id): its data has no external_event_id")
            return
        }
        guard var reservation = try await Reservation.load(reservationID, from: session) else {
            context.logger.warning("ignoring \(event.type) \(event.id): there is no reservation \(reservationID)")
            return
        }
        guard let serviceID = serviceID(of: event.data, in: reservation) else {
            context.logger.warning("ignoring \(event.type) \(event.id): it names no service_id nor a known booking_id of \(reservationID)")
            return
        }
        let before = reservation
        reservation.updateService(serviceID) { entry in
            switch event.type {
            case .serviceBookedForEvent: entry.book(event.data, sentAt: event.sentAt)
            case .serviceConfirmed: entry.confirm(event.data)
            case .serviceCancelled: entry.cancel(event.data)
            default: entry.assignProvider(event.data)
            }
        }
        reservation.save(in: session)
        // Only a change is news for the customer: an event handed over again changes nothing.
        if reservation != before { requestCustomerNotification(reservation, serviceID: serviceID, after: event, in: session) }
    }

    /// Seed step 9: publishes `customer.notification_requested` to the event bus, for whatever
    /// tells the customer what the service event changed in their reservation (n8n, in the seed).
    private func requestCustomerNotification(
        _ reservation: Reservation, serviceID: JSONValue, after event: PackEvent, in session: PackSession
    ) {
        let entry = reservation.itinerary.first { $0.serviceID.scalarText == serviceID.scalarText }
        let summary: JSONValue = .object([
            "reservation_id": .string(reservation.id), "event_name": .string(reservation.details.eventName),
            "date": .string(reservation.details.date), "time": .string(reservation.details.time),
            "contact_name": reservation.details.contactName.map(JSONValue.string) ?? .null,
            "contact_phone": reservation.details.contactPhone.map(JSONValue.string) ?? .null,
        ])
        let change: JSONValue = .object(["event_type": .string(event.type.rawValue), "service": entry?.json ?? .null])
        session.publish(.customerNotificationRequested, data: .object(["reservation": summary, "change": change]))
    }

    private func serviceID(of data: JSONValue, in reservation: Reservation) -> JSONValue? {
        if let given = data["service_id"], given.scalarText != nil { return given }
        return data["booking_id"].flatMap(reservation.serviceID(ofBooking:))
    }
}
