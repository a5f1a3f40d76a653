import Foundation

/// The message partners exchange, in both directions:
/// `{"event_type", "timestamp", "source", "version", "event_id", "data"}`.
///
/// ```swift
/// let envelope = PartnerEnvelope(eventType: "event.reservation_confirmed", source: "chuwue-grill",
///                                eventID: "evt_1", timestamp: Date(), data: .object(["guests": .number("50")]))
/// let body = envelope.json.serialized()
/// let parsed = PartnerEnvelope(json: try JSONValue.parse(body))
/// ```
public struct PartnerEnvelope: Hashable, Sendable {
    /// The envelope version this host writes.
    public static let currentVersion = "1.0"

    public var eventType: EventType
    /// The sender's identity (`chuwue-grill`).
    public var source: String
    /// The sender's id for the event; the seed's own partners may leave it out.
    public var eventID: String?
    public var timestamp: Date?
    public var version: String
    /// The event's fields, as sent.
    public var data: JSONValue

    public init(
        eventType: EventType, source: String, eventID: String?, timestamp: Date?, version: String = currentVersion,
        data: JSONValue
    ) {
        self.eventType = eventType
        self.source = source
        self.eventID = eventID
        self.timestamp = timestamp
        self.version = version
        self.data = data
    }

    /// Reads an envelope leniently, as partners send them: a missing `event_type` falls back to
    /// Standard Webhooks' `type`, then to `unknown`; unknown types are values, never errors.
    /// Returns `nil` only when `json` is not an object.
    public init?(json: JSONValue) {
        guard json.objectValue != nil else { return nil }
        eventType = EventType(rawValue: json["event_type"]?.stringValue ?? json["type"]?.stringValue ?? "unknown")
        source = json["source"]?.stringValue ?? ""
        eventID = Self.eventID(in: json)
        timestamp = json["timestamp"]?.stringValue.flatMap(ISOTimestamp.parse)
        version = json["version"]?.stringValue ?? Self.currentVersion
        data = json["data"] ?? .null
    }

    /// The `event_id` of an envelope's JSON: a non-empty string, or a number's text (partners with
    /// integer keys send those); `nil` otherwise, so that an empty id never makes every event a repeat.
    public static func eventID(in json: JSONValue) -> String? {
        guard let text = json["event_id"]?.scalarText, !text.isEmpty else { return nil }
        return text
    }

    /// The envelope as JSON; `event_id` and `timestamp` are left out when unknown.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "event_type": .string(eventType.rawValue), "source": .string(source), "version": .string(version), "data": data,
        ]
        if let eventID { members["event_id"] = .string(eventID) }
        if let timestamp { members["timestamp"] = .string(ISOTimestamp.format(timestamp)) }
        return .object(members)
    }
}
