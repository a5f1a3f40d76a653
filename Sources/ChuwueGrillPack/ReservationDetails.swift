import PasarelaKit

/// What the restaurant's client booked: the fields of `notify-event` that `update` may change.
struct ReservationDetails: Hashable, Sendable {
    var eventName: String
    /// `YYYY-MM-DD`.
    var date: String
    /// `HH:MM`.
    var time: String
    var guests: Int
    var contactName: String?
    var contactPhone: String?
    /// Service types the client wants from the marketplace (`dj`, `fotografia`, …).
    var servicesRequested: [String]

    /// The member names, which are also the keys `update` accepts in `changes`.
    static let fieldNames: Set<String> = [
        "event_name", "date", "time", "guests", "contact_name", "contact_phone", "services_requested",
    ]

    /// Reads and validates the details of a `notify-event` body.
    init(reading body: FieldReader) throws(PasarelaError) {
        eventName = try body.requiredString("event_name")
        date = try body.required(body.optionalCalendarDate("date"), "date")
        time = try body.required(body.optionalClockTime("time"), "time")
        guests = try body.required(body.optionalInteger("guests", atLeast: 1), "guests")
        contactName = try body.optionalString("contact_name")
        contactPhone = try body.optionalString("contact_phone")
        servicesRequested = try body.stringList("services_requested") ?? []
    }

    /// Applies the members present in `changes`, validated as in `notify-event`; a required
    /// field set to `null` is refused, an optional one is cleared.
    mutating func apply(_ changes: FieldReader) throws(PasarelaError) {
        if changes.body["event_name"] != nil { eventName = try changes.requiredString("event_name") }
        if changes.body["date"] != nil { date = try changes.required(changes.optionalCalendarDate("date"), "date") }
        if changes.body["time"] != nil { time = try changes.required(changes.optionalClockTime("time"), "time") }
        if changes.body["guests"] != nil { guests = try changes.required(changes.optionalInteger("guests", atLeast: 1), "guests") }
        if changes.body["contact_name"] != nil { contactName = try changes.optionalString("contact_name") }
        if changes.body["contact_phone"] != nil { contactPhone = try changes.optionalString("contact_phone") }
        if changes.body["services_requested"] != nil { servicesRequested = try changes.stringList("services_requested") ?? [] }
    }

    /// The details as stored (and as sent to the partner); absent contacts are `null`.
    var jsonMembers: [String: JSONValue] {
        [
            "event_name": .string(eventName),
            "date": .string(date),
            "time": .string(time),
            "guests": .number(String(guests)),
            "contact_name": contactName.map(JSONValue.string) ?? .null,
            "contact_phone": contactPhone.map(JSONValue.string) ?? .null,
            "services_requested": .array(servicesRequested.map(JSONValue.string)),
        ]
    }

    /// The details stored by ``jsonMembers``.
    init(json: JSONValue) {
        eventName = json["event_name"]?.stringValue ?? ""
        date = json["date"]?.stringValue ?? ""
        time = json["time"]?.stringValue ?? ""
        guests = json["guests"]?.int64Value.flatMap { Int(exactly: $0) } ?? 0
        contactName = json["contact_name"]?.stringValue
        contactPhone = json["contact_phone"]?.stringValue
        servicesRequested = json["services_requested"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
