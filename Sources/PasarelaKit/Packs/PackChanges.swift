/// What a session staged: document writes (`nil` removes) and emitted events, in order.
public struct PackChanges: Hashable, Sendable {
    /// Documents by key; `nil` removes the key.
    public var writes: [String: JSONValue?] = [:]
    /// Events to partners, in the order emitted.
    public var emissions: [PackEmission] = []

    /// Staged changes.
    public init(writes: [String: JSONValue?] = [:], emissions: [PackEmission] = []) {
        self.writes = writes
        self.emissions = emissions
    }
}

/// An event a pack emitted to a partner.
public struct PackEmission: Hashable, Sendable {
    public var eventType: EventType
    /// The envelope's `data`.
    public var data: JSONValue
    /// The partner it goes to; ``eventBus`` for an event published to the event bus.
    public var partnerID: String

    /// The `partnerID` of an event published to the host's event bus rather than sent to one
    /// partner (``PackSession/publish(_:data:)``); no partner id can be it.
    ///
    /// - Since: ADK 2.1.
    public static let eventBus = "*"

    /// Whether the event goes to the event bus.
    ///
    /// - Since: ADK 2.1.
    public var isForEventBus: Bool { partnerID == Self.eventBus }

    /// An event of `eventType` with `data` for `partnerID`.
    public init(eventType: EventType, data: JSONValue, partnerID: String) {
        self.eventType = eventType
        self.data = data
        self.partnerID = partnerID
    }
}
