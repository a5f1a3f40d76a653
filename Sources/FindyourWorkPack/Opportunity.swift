import Foundation
import PasarelaKit

/// An event of the restaurant the marketplace can sell services for, stored under
/// `opportunity/<external_event_id>` in the shape `GET /opportunities/{external_event_id}` answers.
///
/// The event's fields come from the partner and are kept as given.
struct Opportunity: PackRecord, Hashable, Sendable {
    static let recordName = "opportunity"

    /// The restaurant's reservation id.
    var externalEventID: String
    var eventName: JSONValue = .null
    var date: JSONValue = .null
    var time: JSONValue = .null
    var guests: JSONValue = .null
    var servicesRequested: [String] = []
    var status = OpportunityStatus.open
    /// Why the restaurant cancelled the event, once it did.
    var cancelReason: String?
    var paid = false
    /// The amount and currency of the restaurant's `payment.success`.
    var amount: JSONValue = .null
    var currency: JSONValue = .null
    /// Catalog services of the requested types.
    var offers: [JSONValue] = []
    var bookings: [Booking] = []
    /// When the restaurant sent the value each event field holds.
    var changedAt: [String: Date] = [:]

    init(externalEventID: String) {
        self.externalEventID = externalEventID
    }

    var recordID: String { externalEventID }

    /// Takes the event fields present in `fields` (others are ignored) and, when the requested
    /// services change, offers the catalog's services of those types.
    ///
    /// A field already set by an event the restaurant sent later than `sentAt` keeps its value:
    /// the restaurant's events may arrive out of order.
    mutating func apply(_ fields: [String: JSONValue], sentAt: Date?, catalog: ServiceCatalog) {
        for (field, value) in fields where Self.eventFields.contains(field) {
            if let sentAt, let newer = changedAt[field], newer > sentAt { continue }
            if let sentAt { changedAt[field] = sentAt }
            switch field {
            case "event_name": eventName = value
            case "date": date = value
            case "time": time = value
            case "guests": guests = value
            default:
                servicesRequested = value.arrayValue?.compactMap(\.stringValue) ?? []
                offers = catalog.offers(for: servicesRequested)
            }
        }
    }

    /// The restaurant's event fields an opportunity keeps.
    static let eventFields: Set<String> = ["event_name", "date", "time", "guests", "services_requested"]

    /// Records the restaurant's `payment.success`: paid, with the amount and currency it gives.
    mutating func recordPayment(_ data: JSONValue) {
        paid = true
        amount = data["amount"] ?? .null
        currency = data["currency"] ?? .null
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "external_event_id": .string(externalEventID), "event_name": eventName, "date": date, "time": time, "guests": guests,
            "services_requested": .array(servicesRequested.map(JSONValue.string)), "status": .string(status.rawValue),
            "paid": .bool(paid), "offers": .array(offers), "bookings": .array(bookings.map(\.json)),
        ]
        if let cancelReason { members["cancel_reason"] = .string(cancelReason) }
        if !amount.isNull { members["amount"] = amount }
        if !currency.isNull { members["currency"] = currency }
        if !changedAt.isEmpty { members["changed_at"] = .object(changedAt.mapValues { .string(ISOTimestamp.format($0)) }) }
        return .object(members)
    }

    init(json: JSONValue) {
        externalEventID = json["external_event_id"]?.stringValue ?? ""
        eventName = json["event_name"] ?? .null
        date = json["date"] ?? .null
        time = json["time"] ?? .null
        guests = json["guests"] ?? .null
        servicesRequested = json["services_requested"]?.arrayValue?.compactMap(\.stringValue) ?? []
        status = json["status"]?.stringValue.flatMap(OpportunityStatus.init(rawValue:)) ?? .open
        cancelReason = json["cancel_reason"]?.stringValue
        paid = json["paid"]?.boolValue ?? false
        amount = json["amount"] ?? .null
        currency = json["currency"] ?? .null
        offers = json["offers"]?.arrayValue ?? []
        bookings = json["bookings"]?.arrayValue?.map(Booking.init(json:)) ?? []
        changedAt = json["changed_at"]?.objectValue?.compactMapValues { $0.stringValue.flatMap(ISOTimestamp.parse) } ?? [:]
    }
}

/// Whether the restaurant's event still stands.
enum OpportunityStatus: String, Sendable {
    case open, cancelled
}
