import Foundation

/// A B2B partner that exchanges signed webhooks with this host.
public struct Partner: Hashable, Sendable {
    public var id: String
    public var name: String
    /// Where outgoing events are delivered.
    public var webhookURL: String
    public var contactEmail: String?
    /// The signature scheme: `seed` or `standard`.
    public var scheme: String
    /// The event type patterns the partner takes (``EventSubscription``); empty means all.
    public var events: [String]
    /// Headers sent with every delivery (``PartnerHeaders``); write-only, sealed at rest like secrets.
    public var headers: [String: String]
    /// Whether it also gets a copy of every event the host handles that its ``events`` take (``EventBus``).
    public var eventBus = false
    /// At most this many delivery attempts a second, across every host; `nil` for no limit.
    public var rateLimitPerSecond: Int?
    /// `none`, or `fifo`: one delivery in flight at a time, in creation order.
    public var ordering: DeliveryOrdering = .none
    /// The current shared secret.
    public var secret: String
    /// The secret before the last rotation, valid until ``previousSecretExpiresAt``.
    public var previousSecret: String?
    public var previousSecretExpiresAt: Date?
    /// SHA-256 (hex) of the partner's API key; `nil` for partners from the config file.
    public var apiKeyHash: String?
    /// Where the partner comes from.
    public var origin: PartnerOrigin
    /// `enabled`, or `disabled` (no delivery is attempted; they wait, pending). Operational state:
    /// changed only through ``PartnerStore/setPartnerStatus(id:status:reason:)`` and the worker.
    public var status: PartnerStatus = .enabled
    /// Why it is disabled.
    public var disabledReason: String?
    /// When its current run of failed attempts began; `nil` after a success.
    public var failingSince: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, name: String, webhookURL: String, contactEmail: String? = nil, scheme: String, events: [String] = [],
        headers: [String: String] = [:], secret: String, previousSecret: String? = nil, previousSecretExpiresAt: Date? = nil, apiKeyHash: String? = nil,
        origin: PartnerOrigin, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.webhookURL = webhookURL
        self.contactEmail = contactEmail
        self.scheme = scheme
        self.events = events
        self.headers = headers
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretExpiresAt = previousSecretExpiresAt
        self.apiKeyHash = apiKeyHash
        self.origin = origin
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The secrets valid at `now`, newest first: the current one, and the previous one during
    /// its grace period.
    public func secrets(at now: Date) -> [String] {
        guard let previousSecret, let expiry = previousSecretExpiresAt, expiry > now else { return [secret] }
        return [secret, previousSecret]
    }
}

/// The order in which a partner's deliveries go.
public enum DeliveryOrdering: String, Sendable, Codable {
    /// As they fall due, several at a time.
    case none
    /// One in flight at a time, in creation order; a retrying delivery holds back the later ones.
    case fifo
}

/// Whether deliveries to a partner are attempted.
public enum PartnerStatus: String, Sendable, Codable {
    case enabled
    case disabled
}

/// Where a partner was defined.
public enum PartnerOrigin: String, Sendable, Codable {
    /// The `partners` list of the configuration file (re-applied at every start).
    case config
    /// `POST /partners/register`.
    case api
}
