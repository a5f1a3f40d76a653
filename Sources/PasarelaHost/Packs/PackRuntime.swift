import Foundation
import Logging
import PasarelaKit

/// One loaded pack: hands it its events from the inbox, answers its routes, and commits what
/// each call staged (documents, emitted events as outbox deliveries, and for events the
/// handler's run) in one transaction. Calls of one pack run one at a time, in this host and
/// across the hosts of one database, so a call never reads state another is about to replace.
struct PackRuntime: InboxHandler {
    let name: String
    let pack: any EventHandlerPack
    let storage: any PasarelaStorage
    let partners: PartnerDirectory
    let outbox: OutboxService
    let clock: any WallClock
    let logger: Logger
    let metrics: HostMetrics
    private let serial = KeyedLock()

    init(
        name: String, pack: any EventHandlerPack, storage: any PasarelaStorage, partners: PartnerDirectory, outbox: OutboxService,
        clock: any WallClock, logger: Logger, metrics: HostMetrics
    ) {
        self.name = name
        self.pack = pack
        self.storage = storage
        self.partners = partners
        self.outbox = outbox
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
    }

    /// Where the pack's documents are kept among module values.
    var scope: String { "pack/\(name)" }

    func subscribes(to type: EventType) -> Bool {
        pack.subscriptions.contains(type)
    }

    func handle(_ event: InboxEvent) async throws {
        guard let packEvent = try await packEvent(from: event) else { return }
        try await exclusively {
            let session = PackSession(state: StoragePackState(storage: storage, scope: scope), now: clock.now())
            try await pack.handle(packEvent, in: session)
            try await commit(session.changes, handled: (event.id, name))
        }
    }

    /// Answers `request` with `route`, committing what it staged before the answer.
    func respond(to request: PackRequest, with route: PackRoute) async throws -> PackResponse {
        try await exclusively {
            let session = PackSession(state: StoragePackState(storage: storage, scope: scope), now: clock.now())
            let response = try await route.handler(request, session)
            try await commit(session.changes, handled: nil)
            return response
        }
    }

    /// Runs `body` as the pack's only call: one at a time in this host, and in every host of the database.
    private func exclusively<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await serial.withLock(name) { try await storage.exclusively(scope: scope, body) }
    }

    private func commit(_ changes: PackChanges, handled: (eventID: String, handler: String)?) async throws {
        let staged = try await stage(changes.emissions)
        // The event bus gets a copy of what goes to partners, and what the pack published to it.
        let deliveries = staged.deliveries + (outbox.bus?.copies(of: staged.deliveries) ?? []) + staged.published
        let writes = changes.writes.mapValues { document in document.map { Array($0.serialized().utf8) } }
        let committed = try await storage.commitPackChanges(
            PackCommit(scope: scope, writes: writes, deliveries: deliveries, handled: handled, skipped: staged.skipped))
        guard committed else {
            logger.info("pack event already handled", metadata: ["pack": "\(name)", "event_id": "\(handled?.eventID ?? "")"])
            return
        }
        outbox.queued(deliveries)
    }

    /// The deliveries of `emissions` to partners that take their types, the copies of what was
    /// published to the event bus, and the emissions skipped (their partner does not take them).
    private func stage(_ emissions: [PackEmission]) async throws
        -> (deliveries: [Delivery], published: [Delivery], skipped: [SkippedEmission])
    {
        var staged: (deliveries: [Delivery], published: [Delivery], skipped: [SkippedEmission]) = ([], [], [])
        for emission in emissions {
            if emission.isForEventBus {
                staged.published += outbox.bus?.copies(of: emission.eventType, data: emission.data, source: nil, excluding: []) ?? []
                continue
            }
            guard let partner = try await partners.partner(id: emission.partnerID) else {
                throw PasarelaError(.invalidState, "no partner \(emission.partnerID) to send \(emission.eventType) to")
            }
            guard EventSubscription.takes(emission.eventType, patterns: partner.events) else {
                staged.skipped.append(
                    SkippedEmission(partnerID: partner.id, eventType: emission.eventType.rawValue, reason: SkippedEmission.notSubscribed))
                metrics.deliveriesSkipped.counter(partner.id, SkippedEmission.notSubscribed).increment()
                logger.info(
                    "pack emission skipped: the partner does not take its type",
                    metadata: ["pack": "\(name)", "partner_id": "\(partner.id)", "event_type": "\(emission.eventType)"])
                continue
            }
            staged.deliveries.append(outbox.delivery(of: emission.eventType, data: emission.data, to: partner))
        }
        return staged
    }

    /// The event as the pack sees it; `nil` for what is not for packs.
    private func packEvent(from event: InboxEvent) async throws -> PackEvent? {
        if event.partnerID.hasPrefix(PaymentEventInbox.partnerPrefix) {
            guard let paymentID = PaymentEventInbox.paymentID(in: event.body), let payment = try await storage.payment(id: paymentID) else {
                throw PasarelaError(.invalidRequest, "the payment of event \(event.id) cannot be found")
            }
            return PackEvent(
                id: event.id, type: event.eventType, source: .payments(instance: payment.instance), data: .null, payment: payment,
                receivedAt: event.receivedAt)
        }
        guard !event.partnerID.hasPrefix(ProviderWebhookInbox.partnerPrefix) else { return nil }
        let envelope = (try? JSONValue.parse(event.body)).flatMap(PartnerEnvelope.init(json:))
        return PackEvent(
            id: event.id, type: event.eventType, source: .partner(event.partnerID), data: envelope?.data ?? .null,
            receivedAt: event.receivedAt, sentAt: envelope?.timestamp)
    }
}
