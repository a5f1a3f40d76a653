import PasarelaKit
import SeedPartnerEvents

/// The marketplace's pack: turns the restaurant's confirmed events into opportunities with
/// offers from the catalog, books services for them and tells the restaurant about each booking.
///
/// Documents: `opportunity/<external_event_id>` (an ``Opportunity`` with its bookings),
/// `booking/<booking_id>` (`{"external_event_id"}`, the opportunity of a booking) and
/// `counter/booking` (the last booking number).
struct FindyourWorkPack: EventHandlerPack {
    /// The restaurant partner: whose events are handled, where booking events go.
    let partnerID: String
    let catalog: ServiceCatalog
    let context: PackContext

    let subscriptions: Set<EventType> = [.reservationConfirmed, .reservationUpdated, .reservationCancelled, .paymentSuccess]

    /// It sends the bookings' events and receives the restaurant's.
    var eventTypes: [EventTypeDeclaration] {
        [EventType.serviceBookedForEvent, .serviceConfirmed, .serviceCancelled, .providerAssigned, .providerNotificationRequested].map {
            SeedEventCatalog.declaration($0, .outbound)
        } + subscriptions.sorted { $0.rawValue < $1.rawValue }.map { SeedEventCatalog.declaration($0, .inbound) }
    }

    private typealias Documentation = FindyourWorkRouteDocumentation

    var routes: [PackRoute] {
        [
            .get("/services", handler: listServices).documented(Documentation.services),
            .get("/opportunities", handler: listOpportunities).documented(Documentation.opportunities),
            .get("/opportunities/{external_event_id}", handler: showOpportunity).documented(Documentation.opportunityDetail),
            .post("/opportunities/{external_event_id}/bookings", handler: bookService).documented(Documentation.book),
            .post("/bookings/{booking_id}/confirm", handler: confirmBooking).documented(Documentation.confirm),
            .post("/bookings/{booking_id}/cancel", handler: cancelBooking).documented(Documentation.cancel),
            .post("/bookings/{booking_id}/provider", handler: assignProvider).documented(Documentation.assignProvider),
        ]
    }

    func handle(_ event: PackEvent, in session: PackSession) async throws {
        guard event.comes(from: partnerID, logger: context.logger) else { return }
        guard let externalEventID = event.data["reservation_id"]?.scalarText else {
            context.logger.warning("ignoring \(event.type) \(event.id): its data has no reservation_id")
            return
        }
        let known = try await Opportunity.load(externalEventID, from: session)
        guard var opportunity = known ?? (event.type == .reservationConfirmed ? Opportunity(externalEventID: externalEventID) : nil) else {
            // It came before its event.reservation_confirmed (deliveries may overtake one another):
            // failing has the host hand it over again, with backoff, once that has arrived.
            throw PasarelaError(.invalidState, "no opportunity \(externalEventID) yet for \(event.type); it is retried")
        }
        switch event.type {
        case .reservationConfirmed, .reservationUpdated:
            guard opportunity.status == .open else {
                context.logger.info("ignoring \(event.type) \(event.id): opportunity \(externalEventID) is cancelled")
                return
            }
            let fields = event.type == .reservationConfirmed ? event.data.objectValue : event.data["changes"]?.objectValue
            opportunity.apply(fields ?? [:], sentAt: event.sentAt, catalog: catalog)
        case .reservationCancelled:
            guard opportunity.status == .open else { return }
            cancel(&opportunity, reason: event.data["reason"]?.stringValue, in: session)
        default:
            opportunity.recordPayment(event.data)
        }
        opportunity.save(in: session)
    }

    /// Cancels the opportunity and each of its bookings not cancelled yet, telling the restaurant about every booking.
    private func cancel(_ opportunity: inout Opportunity, reason: String?, in session: PackSession) {
        opportunity.status = .cancelled
        opportunity.cancelReason = reason
        for index in opportunity.bookings.indices where opportunity.bookings[index].status != .cancelled {
            opportunity.bookings[index].cancel(reason: reason)
            emitCancellation(of: opportunity.bookings[index], for: opportunity.externalEventID, in: session)
        }
    }

    /// Tells the restaurant that `booking` was cancelled.
    func emitCancellation(of booking: Booking, for externalEventID: String, in session: PackSession) {
        let reason = booking.cancelReason.map(JSONValue.string) ?? .null
        session.emit(.serviceCancelled, data: booking.eventData(for: externalEventID, ["reason": reason]), to: partnerID)
    }
}
