import Foundation

/// An event handed to a pack: a partner's webhook, or a payment's change of status.
public struct PackEvent: Hashable, Sendable {
    /// The host's id for the event (`evt_…`); a pack handles each id once.
    public var id: String
    public var type: EventType
    public var source: PackEventSource
    /// The partner envelope's `data`; `null` for payment events.
    public var data: JSONValue
    /// The payment, for normalized payment events (`payment.succeeded`, …), as it was when handed over.
    public var payment: Payment?
    public var receivedAt: Date

    public init(id: String, type: EventType, source: PackEventSource, data: JSONValue, payment: Payment? = nil, receivedAt: Date) {
        self.id = id
        self.type = type
        self.source = source
        self.data = data
        self.payment = payment
        self.receivedAt = receivedAt
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
