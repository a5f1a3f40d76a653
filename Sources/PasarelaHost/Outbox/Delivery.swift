import Foundation
import PasarelaKit

/// One outgoing event to one partner, stored before anything is sent.
public struct Delivery: Hashable, Sendable {
    /// `dlv_…`.
    public var id: String
    public var partnerID: String
    /// The envelope's `event_id` (`webhook-id` for Standard Webhooks), the same on every attempt.
    public var eventID: String
    public var eventType: EventType
    /// The exact body sent on every attempt.
    public var body: [UInt8]
    public var status: DeliveryStatus
    public var attemptCount: Int
    /// When the next attempt is due, for pending deliveries.
    public var nextAttemptAt: Date?
    /// Until when a host's claim on the delivery holds.
    public var leaseUntil: Date?
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, partnerID: String, eventID: String, eventType: EventType, body: [UInt8], status: DeliveryStatus,
        attemptCount: Int = 0, nextAttemptAt: Date?, leaseUntil: Date? = nil, lastStatusCode: Int? = nil,
        lastError: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.partnerID = partnerID
        self.eventID = eventID
        self.eventType = eventType
        self.body = body
        self.status = status
        self.attemptCount = attemptCount
        self.nextAttemptAt = nextAttemptAt
        self.leaseUntil = leaseUntil
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where a delivery stands.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for its first or next attempt.
    case pending
    /// The partner answered 2xx.
    case delivered
    /// Every attempt of the schedule failed.
    case dead
    /// The partner answered 410 Gone: its endpoint is disabled.
    case disabled
}

/// One attempt to deliver.
public struct DeliveryAttempt: Hashable, Sendable {
    public var deliveryID: String
    public var at: Date
    /// The HTTP status, when the partner answered.
    public var statusCode: Int?
    public var durationMilliseconds: Int
    /// Why the attempt failed without an answer (timeout, refused connection), or `nil`.
    public var error: String?
    /// The start of the answer's body, as ``storableText(_:)``.
    public var responseBody: String?

    public init(deliveryID: String, at: Date, statusCode: Int?, durationMilliseconds: Int, error: String?, responseBody: String?) {
        self.deliveryID = deliveryID
        self.at = at
        self.statusCode = statusCode
        self.durationMilliseconds = durationMilliseconds
        self.error = error
        self.responseBody = responseBody
    }

    /// `bytes` as text every backend can store: invalid UTF-8 and NUL (which PostgreSQL's `text`
    /// refuses) become U+FFFD.
    public static func storableText(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
    }
}

/// An attempt and the state it leaves its delivery in, recorded together.
public struct RecordedAttempt: Hashable, Sendable {
    public var attempt: DeliveryAttempt
    /// The delivery after the attempt, still carrying the lease it was claimed under.
    public var delivery: Delivery

    public init(attempt: DeliveryAttempt, delivery: Delivery) {
        self.attempt = attempt
        self.delivery = delivery
    }
}

/// Counts and times that tell how deliveries to one partner are going.
public struct DeliveryHealth: Hashable, Sendable {
    public var counts: [DeliveryStatus: Int]
    public var oldestPendingAt: Date?
    public var lastDeliveredAt: Date?
    public var lastFailure: DeliveryAttempt?

    public init(counts: [DeliveryStatus: Int], oldestPendingAt: Date?, lastDeliveredAt: Date?, lastFailure: DeliveryAttempt?) {
        self.counts = counts
        self.oldestPendingAt = oldestPendingAt
        self.lastDeliveredAt = lastDeliveredAt
        self.lastFailure = lastFailure
    }
}

/// The deliveries waiting to be made to the partners the host knows, all together: what the
/// outbox gauges of `/metrics` show.
public struct PendingDeliveries: Hashable, Sendable {
    public var count: Int
    /// When the oldest of them was queued.
    public var oldestCreatedAt: Date?

    public init(count: Int, oldestCreatedAt: Date?) {
        self.count = count
        self.oldestCreatedAt = oldestCreatedAt
    }
}
