/// The host's partner registry, as packs may use it.
///
/// Unlike a session's documents and emissions, a registration takes effect at once, not when
/// the call commits: register from routes, whose callers see the answer, not from event handling.
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
    /// The partner id (`findyourwork`).
    public var id: String
    /// A display name.
    public var name: String
    /// Where the host delivers the partner's events.
    public var webhookURL: String
    public var contactEmail: String?
    /// `seed` or `standard`.
    public var scheme: String
    /// The shared secret to use; `nil` generates one.
    public var secret: String?

    /// A registration to make.
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
    /// `seed` or `standard`.
    public var scheme: String
    /// The secret both sides sign with.
    public var sharedSecret: String
    /// The partner's `X-API-Key` for its own status and deliveries.
    public var apiKey: String

    /// What the host answers a registration with.
    public init(id: String, webhookURL: String, scheme: String, sharedSecret: String, apiKey: String) {
        self.id = id
        self.webhookURL = webhookURL
        self.scheme = scheme
        self.sharedSecret = sharedSecret
        self.apiKey = apiKey
    }
}
