import PasarelaKit

/// A service booked for an opportunity, kept inside its ``Opportunity``; `booking/<booking_id>`
/// documents point from the id to the opportunity.
struct Booking: Hashable, Sendable {
    /// `BKG-0001`, …
    var id: String
    var serviceID: JSONValue
    var serviceName: String
    var serviceCategory: String
    var provider: JSONValue
    /// As the client gave it, or the catalog's price (`250.00`).
    var price: JSONValue
    /// `HH:MM`.
    var scheduledTime: String
    var status = BookingStatus.booked
    var confirmationCode: String?
    /// Why it was cancelled, once it is.
    var cancelReason: String?

    init(
        id: String, serviceID: JSONValue, serviceName: String, serviceCategory: String, provider: JSONValue, price: JSONValue,
        scheduledTime: String
    ) {
        self.id = id
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.serviceCategory = serviceCategory
        self.provider = provider
        self.price = price
        self.scheduledTime = scheduledTime
    }

    /// The key of the document that names the booking's opportunity.
    static func indexKey(_ id: String) -> String { "booking/\(id)" }

    /// Marks the booking cancelled for `reason`.
    mutating func cancel(reason: String?) {
        status = .cancelled
        cancelReason = reason
    }

    /// The data of an event about this booking: `external_event_id`, `service_id`, `booking_id` and `details`.
    func eventData(for externalEventID: String, _ details: [String: JSONValue]) -> JSONValue {
        var members = details
        members["external_event_id"] = .string(externalEventID)
        members["service_id"] = serviceID
        members["booking_id"] = .string(id)
        return .object(members)
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "booking_id": .string(id), "service_id": serviceID, "service_name": .string(serviceName),
            "service_category": .string(serviceCategory), "provider": provider, "price": price,
            "scheduled_time": .string(scheduledTime), "status": .string(status.rawValue),
            "confirmation_code": confirmationCode.map(JSONValue.string) ?? .null,
        ]
        if let cancelReason { members["reason"] = .string(cancelReason) }
        return .object(members)
    }

    init(json: JSONValue) {
        id = json["booking_id"]?.stringValue ?? ""
        serviceID = json["service_id"] ?? .null
        serviceName = json["service_name"]?.stringValue ?? ""
        serviceCategory = json["service_category"]?.stringValue ?? ""
        provider = json["provider"] ?? .null
        price = json["price"] ?? .null
        scheduledTime = json["scheduled_time"]?.stringValue ?? ""
        status = json["status"]?.stringValue.flatMap(BookingStatus.init(rawValue:)) ?? .booked
        confirmationCode = json["confirmation_code"]?.stringValue
        cancelReason = json["reason"]?.stringValue
    }
}

/// Where a booking stands.
enum BookingStatus: String, Sendable {
    case booked, confirmed, cancelled
}
