import PasarelaKit
import SeedPartnerEvents

/// `POST /partners/{partner}/notify-event`: the seed's way of announcing a reservation.
extension ChuwueGrillPack {
    /// Stores the reservation and, when it has at least `min_guests` guests, sends it to the
    /// partner as `event.reservation_confirmed`. The same body again is answered the same without
    /// a new event; another body for a known reservation id is a 409.
    func notifyEvent(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let body = try FieldReader(request.json(), allowed: ReservationDetails.fieldNames.union(["reservation_id"]))
        let id = try body.requiredString("reservation_id")
        let details = try ReservationDetails(reading: body)
        if let known = try await Reservation.load(id, from: session) {
            guard known.details == details else {
                throw PasarelaError(
                    .invalidState,
                    "reservation \(id) was already notified with other details; change it with POST /reservations/\(id)/update")
            }
            return .ok(notifyAnswer(for: known))
        }
        var reservation = Reservation(id: id, details: details, forwarded: false)
        try await forwardIfLarge(&reservation, in: session)
        reservation.save(in: session)
        return .ok(notifyAnswer(for: reservation))
    }

    /// Sends a reservation not forwarded yet as `event.reservation_confirmed` once it has at least
    /// `min_guests` guests (when notified, or when an update raises its guests); the partner must
    /// be registered by then.
    func forwardIfLarge(_ reservation: inout Reservation, in session: PackSession) async throws {
        guard !reservation.forwarded, reservation.details.guests >= settings.minGuests else { return }
        guard try await context.partners.contains(partnerID: partnerID) else {
            throw PasarelaError(
                .invalidState, "\(partnerID) is not registered as a partner; POST /partners/register/\(partnerID) first")
        }
        reservation.forwarded = true
        var data = reservation.details.jsonMembers
        data["reservation_id"] = .string(reservation.id)
        session.emit(.reservationConfirmed, data: .object(data), to: partnerID)
    }

    private func notifyAnswer(for reservation: Reservation) -> JSONValue {
        guard reservation.forwarded else {
            return .object([
                "status": .string("stored"),
                "reservation_id": .string(reservation.id),
                "forwarded": .bool(false),
                "reason": .string(
                    "the reservation has fewer than \(settings.minGuests) guests (\(reservation.details.guests)), "
                        + "so it is stored but not sent to \(partnerID)"),
            ])
        }
        return .object([
            "status": .string("sent"),
            "reservation_id": .string(reservation.id),
            "forwarded": .bool(true),
            "event_type": .string(EventType.reservationConfirmed.rawValue),
        ])
    }
}
