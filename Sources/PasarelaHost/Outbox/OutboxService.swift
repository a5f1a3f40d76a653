import Foundation
import Logging
import PasarelaKit

/// Puts outgoing partner events in the outbox: builds the envelope and stores one delivery per
/// partner before anything is sent.
struct OutboxService: Sendable {
    let storage: any OutboxStore
    let clock: any WallClock
    let ids: IdentifierGenerator
    let identity: String
    /// Seconds before the first attempt (`delivery.schedule[0]`).
    let firstDelay: TimeInterval
    let logger: Logger
    /// Wakes the delivery worker when something new is due.
    let wake: @Sendable () -> Void
    /// Where copies of what is sent go; `nil` for the bus's own outbox.
    var bus: EventBus?

    /// Stores `eventType` with `data` for `partner`, with its copies for the event bus; returns the delivery.
    func enqueue(eventType: String, data: JSONValue, to partner: Partner) async throws -> Delivery {
        let delivery = delivery(of: EventType(rawValue: eventType), data: data, to: partner)
        let all = [delivery] + (bus?.copies(of: [delivery]) ?? [])
        try await storage.insertDeliveries(all)
        queued(all)
        return delivery
    }

    /// The delivery of a new event to `partner`, not stored yet: its envelope, in the body the
    /// partner's scheme expects, from `source` (this host's identity when `nil`).
    func delivery(of eventType: EventType, data: JSONValue, to partner: Partner, source: String? = nil) -> Delivery {
        let now = clock.now()
        let eventID = ids.make("evt", now: now)
        let envelope = PartnerEnvelope(eventType: eventType, source: source ?? identity, eventID: eventID, timestamp: now, data: data).json
        // Seed partners may check the raw body, so they get exactly the canonical text they sign.
        let body = partner.scheme == "seed" ? envelope.pythonCanonical() : envelope.serialized()
        return Delivery(
            id: ids.make("dlv", now: now), partnerID: partner.id, eventID: eventID, eventType: eventType, body: Array(body.utf8),
            status: .pending, nextAttemptAt: now.addingTimeInterval(firstDelay), createdAt: now, updatedAt: now)
    }

    /// Logs stored deliveries and wakes the worker for them.
    func queued(_ deliveries: [Delivery]) {
        guard !deliveries.isEmpty else { return }
        for delivery in deliveries {
            logger.info(
                "event queued",
                metadata: [
                    "partner_id": "\(delivery.partnerID)", "event_id": "\(delivery.eventID)", "delivery_id": "\(delivery.id)",
                    "event_type": "\(delivery.eventType)",
                ])
        }
        wake()
    }

    /// Queues again, as new deliveries, what `partner` was sent in `range` (optionally only some types).
    func replay(partner: Partner, range: ClosedRange<Date>, eventTypes: [String]) async throws -> [Delivery] {
        let now = clock.now()
        let copies = try await storage.deliveries(partnerID: partner.id, createdIn: range, eventTypes: eventTypes).map { original in
            Delivery(
                id: ids.make("dlv", now: now), partnerID: partner.id, eventID: original.eventID, eventType: original.eventType,
                body: original.body, status: .pending, nextAttemptAt: now, createdAt: now, updatedAt: now)
        }
        try await storage.insertDeliveries(copies)
        logger.info("deliveries replayed", metadata: ["partner_id": "\(partner.id)", "count": "\(copies.count)"])
        wake()
        return copies
    }
}
