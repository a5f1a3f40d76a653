import Foundation
import Logging
import PasarelaKit
import Synchronization

/// The event bus: partners with `event_bus: true` get a copy of every event the host handles
/// that their `events` take — normalized payment events, verified inbound partner events (with
/// the sending partner as `source`), and events sent to other partners — through the same
/// durable outbox and signatures as any delivery. The seed's FindyourWork `event_bus.py` (to
/// n8n), generalized.
///
/// The bus partners are read at most every ``PartnerDirectory/cacheLifetime``; a look-up on a
/// stale list answers it and reads again in the background.
final class EventBus: Sendable {
    let directory: PartnerDirectory
    /// Builds deliveries (an outbox without a bus: copies are not copied again).
    let outbox: OutboxService
    let logger: Logger
    private let known = Mutex<(partners: [Partner], until: ContinuousClock.Instant, refreshing: Bool)>(([], .now, false))

    init(directory: PartnerDirectory, outbox: OutboxService, logger: Logger) {
        self.directory = directory
        self.outbox = outbox
        self.logger = logger
    }

    /// Reads the bus partners now.
    func refresh() async {
        do {
            let partners = try await directory.partners().filter(\.eventBus)
            known.withLock { $0 = (partners, .now + PartnerDirectory.cacheLifetime, false) }
        } catch {
            known.withLock { $0.refreshing = false }
            logger.warning("cannot read the event bus partners", metadata: ["error": "\(error)"])
        }
    }

    /// The bus partners as last read; a stale list starts a read in the background.
    var partners: [Partner] {
        let (partners, stale) = known.withLock { state -> ([Partner], Bool) in
            let stale = state.until <= .now && !state.refreshing
            if stale { state.refreshing = true }
            return (state.partners, stale)
        }
        if stale { Task { await self.refresh() } }
        return partners
    }

    /// Whether some bus partner takes `type`.
    func takes(_ type: EventType) -> Bool {
        partners.contains { EventSubscription.takes(type, patterns: $0.events) }
    }

    /// A copy of an event of `type` with `data` from `source` (a partner id, `payments:{instance}`,
    /// or `nil` for this host) for each bus partner that takes it, but those `excluded`.
    func copies(of type: EventType, data: JSONValue, source: String?, excluding excluded: Set<String>) -> [Delivery] {
        partners.filter { !excluded.contains($0.id) && EventSubscription.takes(type, patterns: $0.events) }.map { partner in
            outbox.delivery(of: type, data: data, to: partner, source: source)
        }
    }

    /// Copies of outgoing `deliveries` for the bus partners, each but to the partner it is for.
    func copies(of deliveries: [Delivery]) -> [Delivery] {
        guard !partners.isEmpty else { return [] }
        return deliveries.flatMap { delivery -> [Delivery] in
            let data = (try? JSONValue.parse(delivery.body)).flatMap(PartnerEnvelope.init(json:))?.data ?? .null
            return copies(of: delivery.eventType, data: data, source: nil, excluding: [delivery.partnerID])
        }
    }

    /// The host's own operational event types, sent to the bus partners that take them.
    static let partnerDisabled: EventType = "partner.disabled"
    static let deliveryDeadLettered: EventType = "delivery.dead_lettered"
    static let operationalTypes: Set<EventType> = [partnerDisabled, deliveryDeadLettered]

    /// Stores and queues a copy of operational event `type` for each bus partner that takes it,
    /// but those `excluded`; a failure is logged (the event it reports has happened all the same).
    func publish(_ type: EventType, data: JSONValue, excluding excluded: Set<String>) async {
        let copies = copies(of: type, data: data, source: nil, excluding: excluded)
        guard !copies.isEmpty else { return }
        do {
            try await outbox.storage.insertDeliveries(copies)
            outbox.queued(copies)
        } catch {
            logger.error("cannot queue an operational event for the event bus", metadata: ["event_type": "\(type)", "error": "\(error)"])
        }
    }
}
