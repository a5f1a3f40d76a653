import Foundation
import PasarelaKit
import ServiceLifecycle

/// Everything the host keeps durably, one protocol per aggregate. ``SQLiteStorage`` and
/// ``PostgresStorage`` implement it; every backend passes the same test suite (`StorageSuite`).
///
/// A storage is a `Service`: the host runs it in its service group, listed before the services
/// that use it, so a graceful shutdown closes it after them. What it runs (PostgreSQL's
/// connection pools) serves calls only while ``run()`` runs; outside a service group,
/// ``whileRunning(_:)`` runs it for the length of a body.
public protocol PasarelaStorage: PaymentStore, IdempotencyStore, PartnerStore, InboxStore, OutboxStore, ModuleStateStore, Service {
    /// Fails when the database cannot be reached (for `/readyz`).
    func ping() async throws
    /// Closes the database; nothing may be called afterwards.
    func close() async throws
}

extension PasarelaStorage {
    /// Runs `body` while the storage runs, then stops it (cancelled, not shut down): the storage
    /// stays open and may run again, e.g. as a service of the host.
    public func whileRunning<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }
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
    /// Emissions not delivered, kept with the handler run (``handled``).
    public var skipped: [SkippedEmission]

    public init(
        scope: String, writes: [String: [UInt8]?], deliveries: [Delivery], handled: (eventID: String, handler: String)?,
        skipped: [SkippedEmission] = []
    ) {
        self.scope = scope
        self.writes = writes
        self.deliveries = deliveries
        self.handled = handled
        self.skipped = skipped
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
