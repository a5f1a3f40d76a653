import Foundation
import PasarelaKit

/// An inbound partner webhook, stored once verified and before it is acknowledged.
public struct InboxEvent: Hashable, Sendable {
    /// The host's id, `evt_…`, answered to the sender and used by `GET /events/{id}`.
    public var id: String
    public var partnerID: String
    /// What makes a repeat a repeat: `webhook-id`, the payload's `event_id`, or a hash of the payload.
    public var dedupeKey: String
    public var eventType: EventType
    /// The payload's own `event_id`, if it has one.
    public var partnerEventID: String?
    /// The body as received.
    public var body: [UInt8]
    public var status: InboxStatus
    public var receivedAt: Date

    public init(
        id: String, partnerID: String, dedupeKey: String, eventType: EventType, partnerEventID: String?, body: [UInt8],
        status: InboxStatus, receivedAt: Date
    ) {
        self.id = id
        self.partnerID = partnerID
        self.dedupeKey = dedupeKey
        self.eventType = eventType
        self.partnerEventID = partnerEventID
        self.body = body
        self.status = status
        self.receivedAt = receivedAt
    }
}

/// Where an inbound event stands.
public enum InboxStatus: String, Sendable, Codable {
    /// Stored; no handler has run yet.
    case received
    /// Every subscribed handler succeeded (or none is subscribed).
    case processed
    /// A handler failed; it is retried with backoff.
    case failed
}

/// What ``PasarelaStorage/insertInboxEvent(_:)`` did.
public enum InboxInsertion: Hashable, Sendable {
    case inserted
    /// The same partner already sent this event; the id is the first one's.
    case duplicate(firstID: String)
}

