import PasarelaKit
import SeedPartnerEvents

/// The restaurant's pack: forwards large reservations to the marketplace partner, keeps each
/// reservation's itinerary from the partner's service events, and reports payments back.
///
/// Documents: `reservation/<reservation_id>` (a ``Reservation``) and `payment/<payment_id>`
/// (the reservation a reported payment was for, so each payment is reported once).
struct ChuwueGrillPack: EventHandlerPack {
    let settings: ChuwueGrillSettings
    let context: PackContext

    var partnerID: String { settings.partnerID }

    let subscriptions: Set<EventType> = [
        .serviceBookedForEvent, .serviceConfirmed, .serviceCancelled, .providerAssigned, .paymentSucceeded,
    ]

    /// It sends the reservation's events and receives the marketplace's.
    var eventTypes: [EventTypeDeclaration] {
        [EventType.reservationConfirmed, .reservationUpdated, .reservationCancelled, .paymentSuccess, .customerNotificationRequested].map {
            SeedEventCatalog.declaration($0, .outbound)
        }
            + [EventType.serviceBookedForEvent, .serviceConfirmed, .serviceCancelled, .providerAssigned].map {
                SeedEventCatalog.declaration($0, .inbound)
            }
    }

    private typealias Documentation = ChuwueGrillRouteDocumentation

    var routes: [PackRoute] {
        [
            .post("/partners/register/\(partnerID)", handler: registerPartner).documented(Documentation.register(partnerID)),
            .get("/partners/\(partnerID)/status", access: .adminOrPartner(partnerID), handler: partnerStatus)
                .documented(Documentation.status(partnerID)),
            .post("/partners/\(partnerID)/notify-event", handler: notifyEvent).documented(Documentation.notifyEvent(partnerID)),
            .get("/reservations/{reservation_id}", handler: showReservation).documented(Documentation.show),
            .post("/reservations/{reservation_id}/update", handler: updateReservation).documented(Documentation.update),
            .post("/reservations/{reservation_id}/cancel", handler: cancelReservation).documented(Documentation.cancel),
        ]
    }

    func handle(_ event: PackEvent, in session: PackSession) async throws {
        if event.type == .paymentSucceeded {
            try await handlePaymentSucceeded(event, in: session)
        } else {
            try await handleServiceEvent(event, in: session)
        }
    }
}
