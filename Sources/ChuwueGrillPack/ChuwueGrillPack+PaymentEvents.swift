import PasarelaKit
import SeedPartnerEvents

/// Payments of reservations, reported to the partner.
extension ChuwueGrillPack {
    /// On `payment.succeeded` for a forwarded reservation (metadata `reservation_id`), marks it
    /// paid and sends `payment.success`, once per payment. Other payments are logged and skipped.
    func handlePaymentSucceeded(_ event: PackEvent, in session: PackSession) async throws {
        guard let payment = event.payment else {
            context.logger.warning("ignoring \(event.type) \(event.id): it carries no payment")
            return
        }
        guard let reservationID = payment.metadata["reservation_id"] else {
            context.logger.info("payment \(payment.id) names no reservation_id in its metadata; nothing to report")
            return
        }
        guard var reservation = try await Reservation.load(reservationID, from: session), reservation.forwarded else {
            context.logger.info("payment \(payment.id) is for reservation \(reservationID), which is unknown or was not sent to \(partnerID)")
            return
        }
        let reportKey = "payment/\(payment.id)"
        guard try await session.document(forKey: reportKey) == nil else {
            context.logger.info("payment \(payment.id) was already reported to \(partnerID)")
            return
        }
        reservation.paid = true
        reservation.save(in: session)
        session.setDocument(.object(["reservation_id": .string(reservationID)]), forKey: reportKey)
        session.emit(
            .paymentSuccess,
            data: .object([
                "reservation_id": .string(reservationID),
                "amount": .string(payment.amount.decimalString),
                "currency": .string(payment.amount.currency.code),
                "payment_id": .string(payment.id),
            ]),
            to: partnerID)
    }
}
