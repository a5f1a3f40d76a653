import Foundation
import PasarelaKit

/// Everything the host keeps durably. ``SQLiteStorage`` and ``PostgresStorage`` implement it;
/// every backend passes the same test suite (`StorageSuite`).
public protocol PasarelaStorage: Sendable {
    /// Fails when the database cannot be reached (for `/readyz`).
    func ping() async throws
    /// Closes the database; nothing may be called afterwards.
    func close() async throws

    /// Stores a new payment with the events of its first status, and the inbox events that hand
    /// them to packs, in one transaction.
    func insertPayment(_ payment: Payment, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws
    /// Replaces a payment, adding `refund` (if any; one already stored with its id gets its new
    /// status, as when a pending refund settles), `events` and the inbox events that hand them to
    /// packs, in one transaction.
    func updatePayment(_ payment: Payment, refund: Refund?, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws
    func payment(id: String) async throws -> Payment?
    func payment(instance: String, providerPaymentID: String) async throws -> Payment?
    /// Payments newest first, after `cursor` (an id from an earlier page).
    func payments(_ query: PaymentQuery) async throws -> [Payment]
    func refunds(paymentID: String) async throws -> [Refund]
    /// The normalized events of a payment, oldest first.
    func paymentEvents(paymentID: String) async throws -> [PaymentEventRecord]

    /// Whether a provider event was already applied.
    func providerEventApplied(instance: String, eventID: String) async throws -> Bool
    /// Records that a provider event was applied (or had no payment to apply to).
    func recordProviderEvent(_ event: ProviderEventRecord) async throws

    /// Claims an idempotency key for one request, or tells what an earlier request with it got.
    func reserveIdempotencyKey(_ key: IdempotencyKey, requestHash: String, now: Date) async throws -> IdempotencyReservation
    /// Records the response of the request that holds `key`.
    func completeIdempotencyKey(_ key: IdempotencyKey, response: StoredResponse) async throws
    /// Gives up a claim, so the same key may be tried again (the request failed without effect).
    func releaseIdempotencyKey(_ key: IdempotencyKey) async throws

    /// Adds a partner; an id that is taken is ``StorageConflict``.
    func insertPartner(_ partner: Partner) async throws
    /// Replaces a partner's fields (not its id).
    func updatePartner(_ partner: Partner) async throws
    /// Removes a partner; `false` when there was none.
    func deletePartner(id: String) async throws -> Bool
    func partner(id: String) async throws -> Partner?
    /// Every partner, by id.
    func partners() async throws -> [Partner]
    /// Replaces a partner's stored `secret` and `previous_secret` if they are still `old` (a
    /// compare-and-set, so a change made meanwhile is kept); returns whether they were.
    func replacePartnerSecrets(id: String, from old: (secret: String, previous: String?), to new: (secret: String, previous: String?))
        async throws -> Bool

    /// Stores inbound events in one transaction, each unless the same partner sent the same
    /// dedupe key before (earlier in the batch included), then calls `completion` with the
    /// outcome. Not `async`: the inbox batcher starts its next group commit from the completion,
    /// where the writer is, instead of hopping through a task between commits.
    ///
    /// `completion` runs exactly once, never before this call returns, with one insertion per
    /// event in order (or one error for the whole transaction).
    func insertInboxEvents(
        _ events: [InboxEvent], completion: @escaping @Sendable (Result<[InboxInsertion], any Error>) -> Void)
    func inboxEvent(id: String) async throws -> InboxEvent?
    /// Inbound events newest first.
    func inboxEvents(_ query: InboxQuery) async throws -> [InboxEvent]
    /// Inbound events waiting for their handlers (received, or failed and due again), oldest first.
    func dueInboxEvents(now: Date, limit: Int) async throws -> [InboxEvent]
    /// ``dueInboxEvents(now:limit:)``, each made not due again until `leaseUntil`, in one
    /// transaction: another host's dispatcher leaves them alone while this one runs their
    /// handlers, and takes them if this host dies first. ``recordHandling(eventID:runs:status:nextAttemptAt:)``
    /// then sets their next attempt.
    func claimDueInboxEvents(now: Date, leaseUntil: Date, limit: Int) async throws -> [InboxEvent]
    /// Extends this host's claim on an inbox event from `heldUntil` to `until`; `false` (changing
    /// nothing) when the claim was lost: the event was handled, or another host claimed it.
    func renewInboxClaim(eventID: String, heldUntil: Date, until: Date) async throws -> Bool
    /// The handler runs recorded for an event.
    func handlerRuns(eventID: String) async throws -> [InboxHandlerRun]
    /// Records handler runs and the event's new status and next attempt, in one transaction. A run
    /// recorded as succeeded (by a pack's own commit, say) stays succeeded.
    func recordHandling(eventID: String, runs: [InboxHandlerRun], status: InboxStatus, nextAttemptAt: Date?) async throws

    /// The partner whose API key hashes to `apiKeyHash`.
    func partner(apiKeyHash: String) async throws -> Partner?

    /// Stores new deliveries (the outbox), in one transaction.
    func insertDeliveries(_ deliveries: [Delivery]) async throws
    func delivery(id: String) async throws -> Delivery?
    func deliveries(_ query: DeliveryQuery) async throws -> [Delivery]
    /// The first delivery of each event sent to `partnerID` in `range`, oldest first (for replays).
    func deliveries(partnerID: String, createdIn range: ClosedRange<Date>, eventTypes: [String]) async throws -> [Delivery]
    func attempts(deliveryID: String) async throws -> [DeliveryAttempt]
    /// Claims up to `limit` pending deliveries due at `now` whose lease has expired, at most
    /// `perPartner` in flight per partner counting `inFlight`, and leases them until `leaseUntil`.
    func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int, perPartner: Int, inFlight: [String: Int]) async throws
        -> [Delivery]
    /// Records each attempt and, where this host's lease (``Delivery/leaseUntil``) still holds,
    /// its delivery's new state, all in one transaction. Returns, in order, whether each state
    /// was written.
    func recordAttempts(_ records: [RecordedAttempt]) async throws -> [Bool]
    /// Makes a delivery due again now (manual retry), unless it was delivered or is in flight.
    func requeueDelivery(id: String, now: Date) async throws -> Delivery?
    /// Delivery counts and times for one partner.
    func deliveryHealth(partnerID: String) async throws -> DeliveryHealth
    /// How many deliveries to known partners are pending, and the oldest one's age, in one query.
    func pendingDeliveries() async throws -> PendingDeliveries

    /// A host setting, such as the admin token's hash.
    func setting(_ name: String) async throws -> String?
    /// Sets a host setting if it is not set yet; returns the value that is set afterwards.
    func insertSettingIfAbsent(_ name: String, value: String) async throws -> String

    /// Module key-value storage; `scope` separates module instances.
    func moduleValue(scope: String, key: String) async throws -> [UInt8]?
    func setModuleValue(_ value: [UInt8], scope: String, key: String) async throws
    func removeModuleValue(scope: String, key: String) async throws
    /// The module values of `scope` whose key starts with `keyPrefix`, by key.
    func moduleValues(scope: String, keyPrefix: String) async throws -> [ModuleValue]

    /// Runs `body` while no other host runs a body for `scope` on this storage (PostgreSQL: an
    /// advisory lock; SQLite: nothing, as one process owns the file). Calls of one pack run under it.
    func exclusively<Result: Sendable>(scope: String, _ body: () async throws -> Result) async throws -> Result

    /// Commits what one pack call staged, in one transaction: its values, the deliveries of the
    /// events it emitted, and (for an inbox event) its handler run as succeeded. Writes nothing
    /// and returns `false` when that handler run had already succeeded.
    func commitPackChanges(_ commit: PackCommit) async throws -> Bool
}

/// A module's stored value and its key.
public struct ModuleValue: Hashable, Sendable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// What one pack call commits: see ``PasarelaStorage/commitPackChanges(_:)``.
public struct PackCommit: Sendable {
    /// The pack's module scope.
    public var scope: String
    /// New values by key; `nil` removes the key.
    public var writes: [String: [UInt8]?]
    public var deliveries: [Delivery]
    /// The inbox event handled and the handler's name, for event handling; `nil` for route calls.
    public var handled: (eventID: String, handler: String)?

    public init(scope: String, writes: [String: [UInt8]?], deliveries: [Delivery], handled: (eventID: String, handler: String)?) {
        self.scope = scope
        self.writes = writes
        self.deliveries = deliveries
        self.handled = handled
    }
}

/// A write refused because it would break a uniqueness rule (e.g. a partner id that is taken).
public struct StorageConflict: Error, CustomStringConvertible {
    public var description: String
}

/// One normalized event: a payment moved to a new status.
public struct PaymentEventRecord: Hashable, Sendable {
    public var id: String
    public var paymentID: String
    public var type: EventType
    public var status: PaymentStatus
    public var previousStatus: PaymentStatus?
    /// How the change was learned.
    public var source: PaymentEventSource
    /// The provider's event id, for changes learned from a webhook.
    public var providerEventID: String?
    public var occurredAt: Date

    public init(
        id: String, paymentID: String, type: EventType, status: PaymentStatus, previousStatus: PaymentStatus?,
        source: PaymentEventSource, providerEventID: String? = nil, occurredAt: Date
    ) {
        self.id = id
        self.paymentID = paymentID
        self.type = type
        self.status = status
        self.previousStatus = previousStatus
        self.source = source
        self.providerEventID = providerEventID
        self.occurredAt = occurredAt
    }
}

/// How the host learned of a status change.
public enum PaymentEventSource: String, Sendable, Codable {
    /// The provider's answer to an API call.
    case api
    /// A provider webhook.
    case webhook
    /// A read from the provider (`?refresh=true`).
    case poll
}

/// A provider webhook event the host has applied.
public struct ProviderEventRecord: Hashable, Sendable {
    public var instance: String
    /// The provider's event id.
    public var eventID: String
    public var type: EventType
    public var providerPaymentID: String
    /// The host payment it applied to; `nil` when the host does not know the payment.
    public var paymentID: String?
    public var receivedAt: Date

    public init(instance: String, eventID: String, type: EventType, providerPaymentID: String, paymentID: String?, receivedAt: Date) {
        self.instance = instance
        self.eventID = eventID
        self.type = type
        self.providerPaymentID = providerPaymentID
        self.paymentID = paymentID
        self.receivedAt = receivedAt
    }
}

/// An idempotency key, scoped to the operation it was used with.
public struct IdempotencyKey: Hashable, Sendable {
    public var scope: String
    public var key: String

    public init(scope: String, key: String) {
        self.scope = scope
        self.key = key
    }
}

/// A response kept for an idempotency key.
public struct StoredResponse: Hashable, Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// What ``PasarelaStorage/reserveIdempotencyKey(_:requestHash:now:)`` found.
public enum IdempotencyReservation: Hashable, Sendable {
    /// The key is now held by this request.
    case reserved
    /// An earlier request with the same body finished with this response.
    case completed(StoredResponse)
    /// An earlier request with the same key is still running.
    case inProgress
    /// The key was used with a different request body.
    case mismatch
}

extension PasarelaStorage {
    /// Records one attempt; see ``recordAttempts(_:)``.
    public func recordAttempt(_ attempt: DeliveryAttempt, updating delivery: Delivery) async throws -> Bool {
        try await recordAttempts([RecordedAttempt(attempt: attempt, delivery: delivery)]) == [true]
    }
}
