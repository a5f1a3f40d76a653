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
        reservation.updateService(serviceID) { entry in
            switch event.type {
            case .serviceBookedForEvent: entry.book(event.data, sentAt: event.sentAt)
            case .serviceConfirmed: entry.confirm(event.data)
            case .serviceCancelled: entry.cancel(event.data)
            default: entry.assignProvider(event.data)
            }
        }
        reservation.save(in: session)
    }

    private func serviceID(of data: JSONValue, in reservation: Reservation) -> JSONValue? {
        if let given = data["service_id"], given.scalarText != nil { return given }
        return data["booking_id"].flatMap(reservation.serviceID(ofBooking:))
    }
}
