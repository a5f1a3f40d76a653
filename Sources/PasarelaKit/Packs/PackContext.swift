import Logging

/// What the host hands a pack when it builds it.
public struct PackContext: Sendable {
    /// The pack's name (`chuwue-grill`).
    public var packName: String
    /// This host's identity towards partners (`source` of the events it sends).
    public var identity: String
    /// The host's partners: registration and delivery health.
    public var partners: any PackPartnerDirectory
    /// The current time.
    public var clock: any WallClock
    public var logger: Logger

    public init(packName: String, identity: String, partners: any PackPartnerDirectory, clock: any WallClock, logger: Logger) {
        self.packName = packName
        self.identity = identity
        self.partners = partners
        self.clock = clock
        self.logger = logger
    }
}

/// The host's partner registry, as packs may use it.
public protocol PackPartnerDirectory: Sendable {
    /// Registers a partner; a taken id is ``PasarelaError/Code/invalidState`` (409).
    func register(_ registration: PackPartnerRegistration) async throws -> PackRegisteredPartner
    /// Whether a partner with `id` exists.
    func contains(partnerID: String) async throws -> Bool
    /// The host's `GET /partners/{id}/status` answer for `partnerID`, or `nil` when there is no such partner.
    func status(partnerID: String) async throws -> JSONValue?
}

/// A partner a pack registers.
public struct PackPartnerRegistration: Hashable, Sendable {
    public var id: String
    public var name: String
    public var webhookURL: String
    public var contactEmail: String?
    /// `seed` or `standard`.
    public var scheme: String
    /// The shared secret to use; `nil` generates one.
    public var secret: String?

    public init(id: String, name: String, webhookURL: String, contactEmail: String?, scheme: String, secret: String?) {
        self.id = id
        self.name = name
        self.webhookURL = webhookURL
        self.contactEmail = contactEmail
        self.scheme = scheme
        self.secret = secret
    }
}

/// A registered partner, with the credentials shown this once.
public struct PackRegisteredPartner: Hashable, Sendable {
    public var id: String
    public var webhookURL: String
    public var scheme: String
    public var sharedSecret: String
    /// The partner's `X-API-Key` for its own status and deliveries.
    public var apiKey: String

    public init(id: String, webhookURL: String, scheme: String, sharedSecret: String, apiKey: String) {
        self.id = id
        self.webhookURL = webhookURL
        self.scheme = scheme
        self.sharedSecret = sharedSecret
        self.apiKey = apiKey
    }
}
