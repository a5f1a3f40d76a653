import Foundation
import Logging

/// An event handed to a pack: a partner's webhook, or a payment's change of status.
public struct PackEvent: Hashable, Sendable {
    /// The host's id for the event (`evt_…`); a pack handles each id once.
    public var id: String
    /// `service.booked_for_event`, `payment.succeeded`, …
    public var type: EventType
    /// The partner, or the payment instance, it comes from.
    public var source: PackEventSource
    /// The partner envelope's `data`; `null` for payment events.
    public var data: JSONValue
    /// The payment, for normalized payment events (`payment.succeeded`, …), as stored when the
    /// event is handed over.
    public var payment: Payment?
    /// When the host stored the event.
    public var receivedAt: Date
    /// When the sender says it sent the event (the envelope's `timestamp`), if it says: partners'
    /// events may arrive out of order (retries, parallel deliveries), and this orders them.
    public var sentAt: Date?

    /// An event for a pack; the host builds these, tests too.
    public init(
        id: String, type: EventType, source: PackEventSource, data: JSONValue, payment: Payment? = nil, receivedAt: Date,
        sentAt: Date? = nil
    ) {
        self.id = id
        self.type = type
        self.source = source
        self.data = data
        self.payment = payment
        self.receivedAt = receivedAt
        self.sentAt = sentAt
    }
}

extension PackEvent {
    /// Whether the event comes from the partner `partnerID`. When it does not, says so in the log:
    /// for packs that take a partner's event types from that partner only.
    public func comes(from partnerID: String, logger: Logger) -> Bool {
        guard source.partnerID != partnerID else { return true }
        logger.info("ignoring \(type) \(id): it comes from \(source), not from \(partnerID)")
        return false
    }
}

/// Where a pack event comes from.
public enum PackEventSource: Hashable, Sendable {
    /// A partner's verified webhook; the value is the partner id.
    case partner(String)
    /// A payment of this host; the value is the payment instance (`mock`, `stripe`).
    case payments(instance: String)

    /// The partner id, for partner events.
    public var partnerID: String? {
        if case .partner(let id) = self { return id }
        return nil
    }
}
