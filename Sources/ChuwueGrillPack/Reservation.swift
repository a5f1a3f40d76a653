import PasarelaKit

/// A reservation of the restaurant, stored under `reservation/<id>` in the exact shape
/// `GET /reservations/{reservation_id}` answers.
struct Reservation: PackRecord, Hashable, Sendable {
    static let recordName = "reservation"

    var id: String
    var details: ReservationDetails
    /// Whether it was sent to the marketplace (it had at least `min_guests` guests).
    var forwarded: Bool
    var paid = false
    var status = ReservationStatus.confirmed
    /// Why it was cancelled, once it is.
    var cancelReason: String?
    /// One entry per marketplace service, keyed by service id.
    var itinerary: [ItineraryEntry] = []

    init(id: String, details: ReservationDetails, forwarded: Bool) {
        self.id = id
        self.details = details
        self.forwarded = forwarded
    }

    var recordID: String { id }

    /// Applies `change` to the itinerary entry of `serviceID`, creating the entry when the service is new.
    mutating func updateService(_ serviceID: JSONValue, _ change: (inout ItineraryEntry) -> Void) {
        let key = serviceID.scalarText
        if let index = itinerary.firstIndex(where: { $0.serviceID.scalarText == key }) {
            change(&itinerary[index])
        } else {
            var entry = ItineraryEntry(serviceID: serviceID)
            change(&entry)
            itinerary.append(entry)
        }
    }

    /// The service id of the itinerary entry booked as `bookingID`, if any.
    func serviceID(ofBooking bookingID: JSONValue) -> JSONValue? {
        itinerary.first { !bookingID.isNull && $0.bookingID == bookingID }?.serviceID
    }

    var json: JSONValue {
        var members = details.jsonMembers
        members["reservation_id"] = .string(id)
        members["forwarded"] = .bool(forwarded)
        members["paid"] = .bool(paid)
        members["status"] = .string(status.rawValue)
        members["itinerary"] = .array(itinerary.map(\.json))
        if let cancelReason { members["cancel_reason"] = .string(cancelReason) }
        return .object(members)
    }

    init(json: JSONValue) {
        id = json["reservation_id"]?.stringValue ?? ""
        details = ReservationDetails(json: json)
        forwarded = json["forwarded"]?.boolValue ?? false
        paid = json["paid"]?.boolValue ?? false
        status = json["status"]?.stringValue.flatMap(ReservationStatus.init(rawValue:)) ?? .confirmed
        cancelReason = json["cancel_reason"]?.stringValue
        itinerary = json["itinerary"]?.arrayValue?.map(ItineraryEntry.init(json:)) ?? []
    }
}

/// Whether a reservation still stands.
enum ReservationStatus: String, Sendable {
    case confirmed, cancelled
}
