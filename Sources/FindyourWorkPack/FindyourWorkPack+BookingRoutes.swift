import PasarelaKit
import SeedPartnerEvents

/// Booking services for an opportunity and following each booking up; every change is told to the restaurant.
extension FindyourWorkPack {
    /// `POST /opportunities/{external_event_id}/bookings`: books a service (the seed's
    /// `notify_service_booked` fields). What the client gives is kept; a catalog service fills the
    /// rest, and `scheduled_time` defaults to the event's time. Emits `service.booked_for_event`.
    func bookService(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let body = try FieldReader(
            request.json(), allowed: ["service_id", "service_name", "service_category", "provider", "price", "scheduled_time"])
        var opportunity = try await Opportunity.existing(request.parameter("external_event_id"), in: session)
        let serviceID = try CatalogService.serviceID(in: body)
        let listed = catalog.service(serviceID)
        func missing(_ field: String) -> PasarelaError {
            PasarelaError(.invalidRequest, "\(field): is required (service \(serviceID.scalarText ?? "") is not in the catalog)")
        }
        guard let serviceName = try body.optionalString("service_name") ?? listed?.serviceName else { throw missing("service_name") }
        guard let category = try body.optionalString("service_category") ?? listed?.serviceCategory else {
            throw missing("service_category")
        }
        guard let provider = try body.optionalObject("provider").map(JSONValue.object) ?? listed?.provider else { throw missing("provider") }
        guard let price = try body.price("price") ?? listed?.price else { throw missing("price") }
        guard let scheduledTime = try body.optionalClockTime("scheduled_time") ?? opportunity.time.stringValue else {
            throw PasarelaError(.invalidRequest, "scheduled_time: is required (the event has no time to default to)")
        }
        guard opportunity.status == .open else {
            throw PasarelaError(.invalidState, "opportunity \(opportunity.externalEventID) is cancelled and takes no bookings")
        }
        // One live booking per service and event: the restaurant keeps one itinerary entry per service.
        if let live = opportunity.bookings.first(where: { $0.serviceID.scalarText == serviceID.scalarText && $0.status != .cancelled }) {
            throw PasarelaError(
                .invalidState,
                "service \(serviceID.scalarText ?? "") is already booked for \(opportunity.externalEventID) (\(live.id)); cancel that booking first")
        }
        let booking = Booking(
            id: try await nextBookingID(in: session), serviceID: serviceID, serviceName: serviceName, serviceCategory: category,
            provider: provider, price: price, scheduledTime: scheduledTime)
        opportunity.bookings.append(booking)
        opportunity.save(in: session)
        session.setDocument(.object(["external_event_id": .string(opportunity.externalEventID)]), forKey: Booking.indexKey(booking.id))
        let details: [String: JSONValue] = [
            "service_name": .string(serviceName), "service_category": .string(category), "provider": provider, "price": price,
            "scheduled_time": .string(scheduledTime),
        ]
        session.emit(.serviceBookedForEvent, data: booking.eventData(for: opportunity.externalEventID, details), to: partnerID)
        requestProviderNotification(booking, of: opportunity, in: session)
        return .created(answer(booking, of: opportunity))
    }

    /// `POST /bookings/{booking_id}/confirm` with an optional `{"confirmation_code"}` (else one is
    /// generated): confirms the booking and emits `service.confirmed`. Confirming again answers
    /// the same booking without a new event.
    func confirmBooking(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let body = try FieldReader(request.json(), allowed: ["confirmation_code"])
        let givenCode = try body.optionalString("confirmation_code")
        guard givenCode?.isEmpty != true else { throw PasarelaError(.invalidRequest, "confirmation_code: must not be empty") }
        var (opportunity, index) = try await locateBooking(request, in: session)
        var booking = opportunity.bookings[index]
        switch booking.status {
        case .confirmed: return .ok(answer(booking, of: opportunity))
        case .cancelled: throw PasarelaError(.invalidState, "booking \(booking.id) is cancelled and cannot be confirmed")
        case .booked: break
        }
        let code = givenCode ?? Self.generateConfirmationCode()
        booking.status = .confirmed
        booking.confirmationCode = code
        opportunity.bookings[index] = booking
        opportunity.save(in: session)
        session.emit(
            .serviceConfirmed, data: booking.eventData(for: opportunity.externalEventID, ["confirmation_code": .string(code)]),
            to: partnerID)
        return .ok(answer(booking, of: opportunity))
    }

    /// `POST /bookings/{booking_id}/cancel` with `{"reason"}`: cancels the booking and emits `service.cancelled`.
    func cancelBooking(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let reason = try FieldReader(request.json(), allowed: ["reason"]).requiredString("reason")
        var (opportunity, index) = try await locateBooking(request, in: session)
        guard opportunity.bookings[index].status != .cancelled else {
            throw PasarelaError(.invalidState, "booking \(opportunity.bookings[index].id) is already cancelled")
        }
        opportunity.bookings[index].cancel(reason: reason)
        opportunity.save(in: session)
        emitCancellation(of: opportunity.bookings[index], for: opportunity.externalEventID, in: session)
        return .ok(answer(opportunity.bookings[index], of: opportunity))
    }

    /// `POST /bookings/{booking_id}/provider` with `{"provider_info": {…}}`: replaces the booking's
    /// provider and emits `provider.assigned`.
    func assignProvider(_ request: PackRequest, _ session: PackSession) async throws -> PackResponse {
        let body = try FieldReader(request.json(), allowed: ["provider_info"])
        guard let info = try body.optionalObject("provider_info") else {
            throw PasarelaError(.invalidRequest, "provider_info: is required, an object such as {\"name\", \"phone\"}")
        }
        var (opportunity, index) = try await locateBooking(request, in: session)
        guard opportunity.bookings[index].status != .cancelled else {
            throw PasarelaError(.invalidState, "booking \(opportunity.bookings[index].id) is cancelled; its provider no longer changes")
        }
        opportunity.bookings[index].provider = .object(info)
        opportunity.save(in: session)
        let booking = opportunity.bookings[index]
        session.emit(
            .providerAssigned, data: booking.eventData(for: opportunity.externalEventID, ["provider_info": .object(info)]), to: partnerID)
        requestProviderNotification(booking, of: opportunity, in: session)
        return .ok(answer(booking, of: opportunity))
    }

    /// Seed step 8: publishes `provider.notification_requested` to the event bus, for whatever
    /// tells the booked provider (n8n, in the seed).
    private func requestProviderNotification(_ booking: Booking, of opportunity: Opportunity, in session: PackSession) {
        let event: JSONValue = .object([
            "external_event_id": .string(opportunity.externalEventID), "event_name": opportunity.eventName, "date": opportunity.date,
            "time": opportunity.time,
        ])
        let summary: JSONValue = .object([
            "booking_id": .string(booking.id), "service_id": booking.serviceID, "service_name": .string(booking.serviceName),
            "scheduled_time": .string(booking.scheduledTime),
        ])
        session.publish(.providerNotificationRequested, data: .object(["provider": booking.provider, "booking": summary, "event": event]))
    }

    /// The opportunity holding the path's booking and the booking's index in it, or a 404.
    private func locateBooking(_ request: PackRequest, in session: PackSession) async throws -> (Opportunity, Int) {
        let id = try request.parameter("booking_id")
        guard let externalEventID = try await session.document(forKey: Booking.indexKey(id))?["external_event_id"]?.stringValue,
            let opportunity = try await Opportunity.load(externalEventID, from: session),
            let index = opportunity.bookings.firstIndex(where: { $0.id == id })
        else { throw PasarelaError(.notFound, "no booking \(id)") }
        return (opportunity, index)
    }

    /// The next booking id, `BKG-0001` and on, from the `counter/booking` document.
    private func nextBookingID(in session: PackSession) async throws -> String {
        let number = (try await session.document(forKey: "counter/booking")?.int64Value ?? 0) + 1
        session.setDocument(.number(String(number)), forKey: "counter/booking")
        let digits = String(number)
        return "BKG-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A booking as routes answer it: with its opportunity's `external_event_id`.
    private func answer(_ booking: Booking, of opportunity: Opportunity) -> JSONValue {
        var members = booking.json.objectValue ?? [:]
        members["external_event_id"] = .string(opportunity.externalEventID)
        return .object(members)
    }

    /// `FYW-` and six upper-case letters or digits.
    static func generateConfirmationCode() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return "FYW-" + String((0..<6).map { _ in alphabet.randomElement()! })
    }
}
