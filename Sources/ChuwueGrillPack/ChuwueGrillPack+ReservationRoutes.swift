import PasarelaKit
import SeedPartnerEvents

/// Reading, changing and cancelling a reservation.
extension ChuwueGrillPack {
    /// `GET /reservations/{reservation_id}`: the reservation and its itinerary.
    func showReservation(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        .ok(try await Reservation.existing(request.parameter("reservation_id"), in: session).json)
    }

    /// `POST /reservations/{reservation_id}/update` with `{"changes": {…}}`: applies the changes
    /// (validated as in `notify-event`) and, for a forwarded reservation, sends them as
    /// `event.updated`; a reservation held back that now has `min_guests` guests is sent whole, as
    /// `event.reservation_confirmed`.
    func updateReservation(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let body = try FieldReader(request.json(), allowed: ["changes"])
        guard let given = try body.optionalObject("changes"), !given.isEmpty else {
            throw PasarelaError(
                .invalidRequest, "changes: is required, an object with at least one of \(ReservationDetails.fieldNames.sorted().joined(separator: ", "))")
        }
        let changes = try FieldReader(.object(given), allowed: ReservationDetails.fieldNames, prefix: "changes.")
        var reservation = try await Reservation.existing(request.parameter("reservation_id"), in: session)
        guard reservation.status != .cancelled else {
            throw PasarelaError(.invalidState, "reservation \(reservation.id) is cancelled and can no longer change")
        }
        try reservation.details.apply(changes)
        let wasForwarded = reservation.forwarded
        try await forwardIfLarge(&reservation, in: session)
        reservation.save(in: session)
        if wasForwarded {
            session.emit(
                .reservationUpdated, data: .object(["reservation_id": .string(reservation.id), "changes": .object(given)]),
                to: partnerID)
        }
        return .ok(reservation.json)
    }

    /// `POST /reservations/{reservation_id}/cancel` with `{"reason"}`: cancels the reservation and,
    /// for a forwarded one, tells the partner with `event.cancelled`.
    func cancelReservation(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let reason = try FieldReader(request.json(), allowed: ["reason"]).requiredString("reason")
        var reservation = try await Reservation.existing(request.parameter("reservation_id"), in: session)
        guard reservation.status != .cancelled else {
            throw PasarelaError(.invalidState, "reservation \(reservation.id) is already cancelled")
        }
        reservation.status = .cancelled
        reservation.cancelReason = reason
        reservation.save(in: session)
        if reservation.forwarded {
            session.emit(
                .reservationCancelled, data: .object(["reservation_id": .string(reservation.id), "reason": .string(reason)]),
                to: partnerID)
        }
        return .ok(reservation.json)
    }
}
