import Foundation
import PasarelaKit

/// One marketplace service in a reservation's itinerary, as the partner's events describe it.
///
/// Values come from the partner and are kept exactly as given (a price stays the number text
/// `250.00`); a field no event has named yet is `null`.
struct ItineraryEntry: Hashable, Sendable {
    /// The partner's service id, an integer (`123`) or a string.
    var serviceID: JSONValue
    var bookingID: JSONValue = .null
    var serviceName: JSONValue = .null
    var serviceCategory: JSONValue = .null
    var provider: JSONValue = .null
    var price: JSONValue = .null
    var scheduledTime: JSONValue = .null
    var status: ItineraryStatus = .booked
    var confirmationCode: JSONValue = .null
    /// Why the service was cancelled, once it is.
    var reason: JSONValue = .null
    /// When the partner sent the entry's booking.
    var bookedAt: Date?

    init(serviceID: JSONValue) {
        self.serviceID = serviceID
    }

    /// Records a booking (`service.booked_for_event`). A repeat of the entry's own booking only
    /// refreshes the details, so a late duplicate never moves a confirmed or cancelled service back;
    /// another booking of the service starts over as `booked`, unless it was sent before the
    /// entry's booking (an old booking arriving late).
    mutating func book(_ data: JSONValue, sentAt: Date?) {
        let givenBooking = data["booking_id"] ?? .null
        let otherBooking = givenBooking != bookingID && !givenBooking.isNull && !bookingID.isNull
        if otherBooking, let sentAt, let bookedAt, sentAt < bookedAt { return }
        if givenBooking != bookingID || status == .booked {
            status = .booked
            confirmationCode = .null
            reason = .null
        }
        if !givenBooking.isNull { bookingID = givenBooking }
        bookedAt = sentAt ?? bookedAt
        for (field, value) in [
            ("service_name", \Self.serviceName), ("service_category", \Self.serviceCategory), ("provider", \Self.provider),
            ("price", \Self.price), ("scheduled_time", \Self.scheduledTime),
        ] as [(String, WritableKeyPath<Self, JSONValue>)] {
            if let given = data[field], !given.isNull { self[keyPath: value] = given }
        }
    }

    /// Records the provider's confirmation (`service.confirmed`); a cancelled booking stays cancelled.
    mutating func confirm(_ data: JSONValue) {
        guard adoptBooking(of: data), status != .cancelled else { return }
        status = .confirmed
        confirmationCode = data["confirmation_code"] ?? .null
    }

    /// Records a cancellation (`service.cancelled`).
    mutating func cancel(_ data: JSONValue) {
        guard adoptBooking(of: data) else { return }
        status = .cancelled
        reason = data["reason"] ?? .null
    }

    /// Records the provider assigned (`provider.assigned`).
    mutating func assignProvider(_ data: JSONValue) {
        guard adoptBooking(of: data) else { return }
        if let info = data["provider_info"], !info.isNull { provider = info }
    }

    /// Whether the event is about the entry's booking, taking its booking id when the entry has
    /// none yet (an event that came before the booking). An event about another booking of the
    /// service (an earlier one, arriving late) is not.
    private mutating func adoptBooking(of data: JSONValue) -> Bool {
        guard let given = data["booking_id"], !given.isNull else { return true }
        if bookingID.isNull { bookingID = given }
        return given == bookingID
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "service_id": serviceID, "booking_id": bookingID, "service_name": serviceName,
            "service_category": serviceCategory, "provider": provider, "price": price, "scheduled_time": scheduledTime,
            "status": .string(status.rawValue), "confirmation_code": confirmationCode,
        ]
        if !reason.isNull { members["reason"] = reason }
        if let bookedAt { members["booked_at"] = .string(ISOTimestamp.format(bookedAt)) }
        return .object(members)
    }

    init(json: JSONValue) {
        serviceID = json["service_id"] ?? .null
        bookingID = json["booking_id"] ?? .null
        serviceName = json["service_name"] ?? .null
        serviceCategory = json["service_category"] ?? .null
        provider = json["provider"] ?? .null
        price = json["price"] ?? .null
        scheduledTime = json["scheduled_time"] ?? .null
        status = json["status"]?.stringValue.flatMap(ItineraryStatus.init(rawValue:)) ?? .booked
        confirmationCode = json["confirmation_code"] ?? .null
        reason = json["reason"] ?? .null
        bookedAt = json["booked_at"]?.stringValue.flatMap(ISOTimestamp.parse)
    }
}

/// Where a service of the itinerary stands.
enum ItineraryStatus: String, Sendable {
    case booked, confirmed, cancelled
}
