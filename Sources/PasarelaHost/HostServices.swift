import Foundation
import Logging
import PasarelaKit

/// What a host runs, built from its configuration: the services the routes call, and the
/// delivery worker and inbox dispatcher the application runs beside its server.
struct HostServices: Sendable {
    let configuration: HostConfiguration
    let storage: any PasarelaStorage
    let clock: any WallClock
    let metrics: HostMetrics
    /// The hash of the admin token, and the token itself when it was generated at this start.
    let adminTokenHash: [UInt8]
    let generatedAdminToken: String?
    let partnerDirectory: PartnerDirectory
    let partners: PartnerService
    let payments: PaymentService
    let packRuntimes: [PackRuntime]
    let outbox: OutboxService
    let worker: DeliveryWorker
    let dispatcher: InboxDispatcher
    let inbound: InboundWebhookService
    let providerInbox: ProviderWebhookInbox.Queue
    let checkoutSweeper: CheckoutExpirySweeper

    /// Builds the services over `storage`, each configured module instance and pack with its context.
    static func make(
        _ configuration: HostConfiguration, instances: [ResolvedInstance], packs: [ResolvedInstance], storage: any PasarelaStorage,
        clock: any WallClock, transport: any HTTPTransport, logger: Logger, inboxHandlers: [any InboxHandler], resolver: HostResolver
    ) async throws -> HostServices {
        let metrics = HostMetrics()
        let ids = IdentifierGenerator()
        let admin = try await AdminToken.resolve(configured: configuration.adminToken, storage: storage)
        let providers = try makeProviders(
            instances, configuration: configuration, storage: storage, transport: transport, clock: clock, logger: logger, metrics: metrics)
        let partnerDirectory = try await makePartnerDirectory(configuration, storage: storage, logger: logger)
        let urlPolicy = WebhookURLPolicy(allowPrivateNetworks: configuration.delivery.allowPrivateNetworks, resolver: resolver)
        var partners = PartnerService(directory: partnerDirectory, clock: clock, urlPolicy: urlPolicy, logger: logger)
        try await partners.applyConfigured(configuration.partners)
        let worker = DeliveryWorker(
            storage: storage, partners: partnerDirectory, clock: clock, settings: .init(configuration, urlPolicy: urlPolicy), logger: logger,
            metrics: metrics)
        var outbox = OutboxService(
            storage: storage, clock: clock, ids: ids, identity: configuration.identity,
            firstDelay: TimeInterval(configuration.delivery.schedule[0]), logger: logger, wake: worker.wake)
        let bus = EventBus(directory: partnerDirectory, outbox: outbox, logger: logger)
        await bus.refresh()
        outbox.bus = bus
        partners.bus = bus
        worker.bus.set(bus)
        let packRuntimes = try makePackRuntimes(
            packs, configuration: configuration, storage: storage, partners: partners, outbox: outbox, clock: clock, logger: logger,
            metrics: metrics)
        let wakeup = InboxWakeup()
        let payments = PaymentService(
            storage: storage, providers: providers, clock: clock, ids: ids, logger: logger,
            packInbox: PaymentEventInbox(wanted: Set(packRuntimes.flatMap(\.pack.subscriptions)), wakeup: wakeup, bus: bus), metrics: metrics,
            publicURL: configuration.server.publicBaseURL)
        let dispatcher = InboxDispatcher(
            storage: storage,
            handlers: inboxHandlers + packRuntimes + [ProviderWebhookInbox.Retrier(payments: payments), EventBusHandler(bus: bus, storage: storage)],
            clock: clock, logger: logger, wakeup: wakeup)
        let batcher = InboxBatcher(storage: storage)
        let inbound = InboundWebhookService(
            partners: partnerDirectory, batcher: batcher, clock: clock, ids: ids,
            tolerance: TimeInterval(configuration.webhooks.toleranceSeconds), identity: configuration.identity, logger: logger,
            dispatcher: dispatcher, metrics: metrics)
        return HostServices(
            configuration: configuration, storage: storage, clock: clock, metrics: metrics, adminTokenHash: admin.hash,
            generatedAdminToken: admin.generated, partnerDirectory: partnerDirectory, partners: partners, payments: payments,
            packRuntimes: packRuntimes, outbox: outbox, worker: worker, dispatcher: dispatcher, inbound: inbound,
            providerInbox: ProviderWebhookInbox.Queue(batcher: batcher, ids: ids, clock: clock, wake: dispatcher.wake, logger: logger),
            checkoutSweeper: CheckoutExpirySweeper(
                storage: storage, actions: .init(payments), clock: clock, interval: .seconds(configuration.payments.checkoutSweepSeconds),
                logger: logger))
    }
}

extension DeliveryWorker.Settings {
    /// The worker's settings from `delivery.*` and `identity`, sending through `urlPolicy`.
    init(_ configuration: HostConfiguration, urlPolicy: WebhookURLPolicy) {
        let sender = WebhookSender(
            policy: urlPolicy, timeout: .seconds(configuration.delivery.timeoutSeconds),
            maximumResponseBytes: configuration.delivery.maxResponseBytes)
        self.init(
            schedule: RetrySchedule(delays: configuration.delivery.schedule), lease: TimeInterval(configuration.delivery.leaseSeconds),
            identity: configuration.identity, sender: sender)
        disableAfter = configuration.delivery.disableAfter
        maximumInFlight = configuration.delivery.maxInFlight
        perPartner = min(Self.defaultPerPartner, maximumInFlight)
    }
}
