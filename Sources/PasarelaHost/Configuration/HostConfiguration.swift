import Foundation
import PasarelaKit

/// The host's resolved configuration. See README.md, "Configuration reference".
public struct HostConfiguration: Sendable {
    /// This host's name towards partners (`chuwue-grill`).
    public var identity: String = "pasarela"
    public var server = Server()
    /// The admin bearer token; `nil` means one is generated at first start (only its hash is kept).
    public var adminToken: String?
    /// `sqlite:./pasarela.sqlite`, `sqlite::memory:`.
    public var storageURL: String = "sqlite:./pasarela.sqlite"
    /// `storage.sqlite_synchronous`: how a SQLite database syncs its commits (``SQLiteSynchronous/full`` by default).
    public var sqliteSynchronous = SQLiteSynchronous.full
    public var payments = Payments()
    /// The event-handler packs to load, in order (`packs: [chuwue-grill]`); each instance's name is its module's.
    public var packs: [ModuleInstance] = []
    /// Partners defined in the file (others register through the API).
    public var partners: [PartnerDefinition] = []
    public var webhooks = Webhooks()
    public var delivery = Delivery()
    /// Encrypts partner secrets at rest when set.
    public var secretsKey: String?
    /// Module libraries to load (`modules.paths`), as absolute paths: relative ones in the
    /// file are taken from the file's folder.
    public var modulePaths: [String] = []

    public init() {}

    /// Inbound webhook settings.
    public struct Webhooks: Sendable {
        /// How far an inbound message's timestamp may be from now, in seconds.
        public var toleranceSeconds: Int = 300
    }

    /// Outbound delivery settings.
    public struct Delivery: Sendable {
        /// Seconds to wait before each attempt, counted from the previous one (Standard Webhooks' example, ~3 days).
        public var schedule: [Int] = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]
        /// How long one attempt may take, all of it: name resolution, connecting, sending, and
        /// the answer's head and body.
        public var timeoutSeconds: Int = 15
        /// How much of a partner's answer is read (and kept with the attempt); the rest is not read.
        public var maxResponseBytes: Int = 65_536
        /// How long a host's claim on a delivery lasts.
        public var leaseSeconds: Int = 30
        /// Attempts one host has in flight at most, over every partner (one partner: 16 at most).
        public var maxInFlight: Int = 32
        /// The largest ``maxInFlight`` may be.
        public static let maxInFlightLimit = 4096
        /// Allow webhook URLs on loopback, private and link-local addresses (samples and tests).
        public var allowPrivateNetworks = false
        /// A partner whose every attempt failed for this many hours is disabled; 0 never disables.
        public var disableAfterHours: Double = 120

        /// ``disableAfterHours`` in seconds; `nil` for never.
        public var disableAfter: TimeInterval? { disableAfterHours > 0 ? disableAfterHours * 3_600 : nil }
    }

    /// Listening address and request limits.
    public struct Server: Sendable {
        public var host: String = "127.0.0.1"
        public var port: Int = 8080
        public var maxBodyBytes: Int = 1_048_576
        /// How long a request's head and body may take to arrive, from its first byte.
        public var readTimeoutSeconds: Int = 10
        /// How long a keep-alive connection may sit idle between requests.
        public var idleTimeoutSeconds: Int = 60
        /// Open connections past which new ones wait in the listen backlog.
        public var maxConnections: Int = 4096
        /// Request-body bytes all connections together may hold before their requests are answered
        /// (at least `maxBodyBytes`).
        public var maxPendingBodyBytes: Int = 32 * 1_048_576
        /// `server.public_url`: where clients reach this host, for the absolute URLs it hands out
        /// (checkout pages, provider notification URLs); `nil` for `http://{host}:{port}`.
        public var publicURL: String?

        /// The base of every absolute URL the host hands out, without a trailing `/`.
        public var publicBaseURL: String {
            publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        }
    }

    /// Payment instances and how requests are routed to them.
    public struct Payments: Sendable {
        /// The instance used when neither the request nor a route picks one.
        public var defaultInstance: String = "mock"
        /// Instances in config order.
        public var instances: [ModuleInstance] = [ModuleInstance(name: "mock", module: "mock", options: [:])]
        /// Currency routes; the first match wins.
        public var routes: [PaymentRoute] = []
        /// `payments.checkout_sweep_seconds`: how often expired hosted checkouts are looked for.
        public var checkoutSweepSeconds: Int = 15
    }
}

/// A partner from the `partners` list of the configuration file.
public struct PartnerDefinition: Sendable, Equatable {
    public var id: String
    public var name: String
    public var webhookURL: String
    public var secret: String
    public var scheme: String
    /// Event type patterns (``EventSubscription``).
    public var events: [String]
    /// Headers sent with every delivery (``PartnerHeaders``).
    public var headers: [String: String] = [:]
    /// Whether it gets a copy of every event the host handles.
    public var eventBus = false
    /// At most this many attempts a second; `nil` for no limit.
    public var rateLimitPerSecond: Int?
    public var ordering = DeliveryOrdering.none
}

/// One configured module instance: a name, the module it uses, and the module's options.
public struct ModuleInstance: Sendable {
    public var name: String
    public var module: String
    public var options: [String: OptionValue]

    public init(name: String, module: String, options: [String: OptionValue]) {
        self.name = name
        self.module = module
        self.options = options
    }
}

/// A routing rule: payments in `currency` go to `instance`.
public struct PaymentRoute: Sendable, Equatable {
    public var currency: Currency
    public var instance: String

    public init(currency: Currency, instance: String) {
        self.currency = currency
        self.instance = instance
    }
}
