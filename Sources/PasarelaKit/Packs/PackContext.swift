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
    /// The host's logger, labelled with the pack's name; never log a secret.
    public var logger: Logger

    /// A context; the host builds these, and so does `PackHarness` in tests.
    public init(packName: String, identity: String, partners: any PackPartnerDirectory, clock: any WallClock, logger: Logger) {
        self.packName = packName
        self.identity = identity
        self.partners = partners
        self.clock = clock
        self.logger = logger
    }
}
