import Foundation
import Hummingbird
import Logging
import PasarelaKit

/// A host wired from its configuration: the HTTP application and what the CLI needs to tell the user.
public struct HostApplication: Sendable {
    /// The Hummingbird application; run it with `runService()`.
    public let application: Application<RouterResponder<AppRequestContext>>
    /// The admin token, when it was generated at this start (show it once, it is not kept).
    public let generatedAdminToken: String?
    /// The storage the host uses.
    public let storage: any PasarelaStorage
}

/// Wires a host: storage, module instances, routes and middleware.
///
/// - Parameters:
///   - configuration: the resolved configuration.
///   - registry: the modules that may be loaded.
///   - clock: the time source handed to modules (tests inject a fake).
///   - transport: outbound HTTP for modules (tests inject a fake).
public func buildApplication(
    configuration: HostConfiguration, registry: ModuleRegistry, clock: any WallClock = SystemClock(),
    transport: (any HTTPTransport)? = nil, logger: Logger = Logger(label: "pasarela")
) async throws -> HostApplication {
    try await buildApplication(
        configuration: configuration, registry: registry, clock: clock, transport: transport, logger: logger, inboxHandlers: [])
}

/// ``buildApplication(configuration:registry:clock:transport:logger:)`` with handlers for inbound events.
func buildApplication(
    configuration: HostConfiguration, registry: ModuleRegistry, clock: any WallClock, transport: (any HTTPTransport)?,
    logger: Logger, inboxHandlers: [any InboxHandler], resolver: HostResolver = .system
) async throws -> HostApplication {
    var logger = logger
    logger.handler.metadataProvider = logger.handler.metadataProvider.map { .multiplex([$0, RequestIdentifier.metadataProvider]) }
        ?? RequestIdentifier.metadataProvider
    let instances = try registry.resolveInstances(configuration.payments)
    let packs = try registry.resolvePacks(configuration.packs)
    let storage = try await StorageFactory.open(
        url: configuration.storageURL, sqliteSynchronous: configuration.sqliteSynchronous, logger: logger)
    do {
        return try await wire(
            configuration, instances: instances, packs: packs, storage: storage, clock: clock, transport: transport, logger: logger,
            inboxHandlers: inboxHandlers, resolver: resolver)
    } catch {
        try? await storage.close()
        throw error
    }
}

private func wire(
    _ configuration: HostConfiguration, instances: [ResolvedInstance], packs: [ResolvedInstance], storage: any PasarelaStorage,
    clock: any WallClock,
    transport: (any HTTPTransport)?, logger: Logger, inboxHandlers: [any InboxHandler], resolver: HostResolver
) async throws -> HostApplication {
    let transport = transport ?? AsyncHTTPClientTransport()
    let metrics = HostMetrics()
    var providers: [String: any PaymentProvider] = [:]
    for instance in instances {
        guard case .provider(let makeProvider) = instance.descriptor.factory else { continue }
        var moduleLogger = logger
        moduleLogger[metadataKey: "instance"] = "\(instance.name)"
        let context = ModuleContext(
            instanceName: instance.name, transport: transport,
            store: StorageModuleStore(storage: storage, scope: "provider/\(instance.name)"), clock: clock,
            logger: moduleLogger)
        do {
            providers[instance.name] = MeteredPaymentProvider(
                base: try makeProvider(instance.options, context), instance: instance.name, metrics: metrics)
        } catch {
            throw ConfigurationError(key: "payments.instances.\(instance.name)", "the module refused its options: \(error)")
        }
    }
    let providerDirectory = ProviderDirectory(
        providers: providers, defaultInstance: configuration.payments.defaultInstance,
        routes: configuration.payments.routes)
    let admin = try await AdminToken.resolve(configured: configuration.adminToken, storage: storage)
    let ids = IdentifierGenerator()
    let partnerDirectory = try await makePartnerDirectory(configuration, storage: storage, logger: logger)
    let urlPolicy = WebhookURLPolicy(allowPrivateNetworks: configuration.delivery.allowPrivateNetworks, resolver: resolver)
    let partners = PartnerService(directory: partnerDirectory, clock: clock, urlPolicy: urlPolicy, logger: logger)
    try await partners.applyConfigured(configuration.partners)
    let sender = WebhookSender(
        policy: urlPolicy, timeout: .seconds(configuration.delivery.timeoutSeconds),
        maximumResponseBytes: configuration.delivery.maxResponseBytes)
    let worker = DeliveryWorker(
        storage: storage, partners: partnerDirectory, clock: clock,
        settings: .init(
            schedule: RetrySchedule(delays: configuration.delivery.schedule), lease: TimeInterval(configuration.delivery.leaseSeconds),
            identity: configuration.identity, sender: sender),
        logger: logger, metrics: metrics)
    let outbox = OutboxService(
        storage: storage, clock: clock, ids: ids, identity: configuration.identity,
        firstDelay: TimeInterval(configuration.delivery.schedule[0]), logger: logger, wake: worker.wake)
    let packRuntimes = try makePackRuntimes(
        packs, configuration: configuration, storage: storage, partners: partners, outbox: outbox, clock: clock, logger: logger)
    let wakeup = InboxWakeup()
    let payments = PaymentService(
        storage: storage, providers: providerDirectory, clock: clock, ids: ids, logger: logger,
        packInbox: PaymentEventInbox(wanted: Set(packRuntimes.flatMap(\.pack.subscriptions)), wakeup: wakeup), metrics: metrics)
    let dispatcher = InboxDispatcher(
        storage: storage, handlers: inboxHandlers + packRuntimes + [ProviderWebhookInbox.Retrier(payments: payments)],
        clock: clock, logger: logger, wakeup: wakeup)
    let batcher = InboxBatcher(storage: storage)
    let providerInbox = ProviderWebhookInbox.Queue(batcher: batcher, ids: ids, clock: clock, wake: dispatcher.wake, logger: logger)
    let inbound = InboundWebhookService(
        partners: partnerDirectory, batcher: batcher, clock: clock, ids: ids,
        tolerance: TimeInterval(configuration.webhooks.toleranceSeconds), identity: configuration.identity, logger: logger,
        dispatcher: dispatcher, metrics: metrics)
    let maxBodyBytes = configuration.server.maxBodyBytes

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ErrorMiddleware())
    let adminAuth = AuthMiddleware(tokenHash: admin.hash, partners: partnerDirectory, allowsPartnerKeys: false)
    let sharedAuth = AuthMiddleware(tokenHash: admin.hash, partners: partnerDirectory, allowsPartnerKeys: true)
    if !packRuntimes.isEmpty {
        // Before every route, so that pack routes are matched first.
        router.add(middleware: PackRoutesMiddleware(runtimes: packRuntimes, admin: adminAuth, shared: sharedAuth, maxBodyBytes: maxBodyBytes))
    }
    HealthController(storage: storage).addRoutes(to: router)
    MetricsController(metrics: metrics, storage: storage, clock: clock).addRoutes(to: router)
    ProviderWebhooksController(payments: payments, inbox: providerInbox, clock: clock, maxBodyBytes: maxBodyBytes, metrics: metrics)
        .addRoutes(to: router)
    PartnerWebhooksController(inbound: inbound, maxBodyBytes: maxBodyBytes).addRoutes(to: router)
    let adminRoutes = router.group().add(middleware: adminAuth)
    let sharedRoutes = router.group().add(middleware: sharedAuth)
    PaymentsController(
        payments: payments, idempotency: IdempotencyGuard(storage: storage, clock: clock), maxBodyBytes: maxBodyBytes
    ).addRoutes(to: adminRoutes)
    PartnersController(partners: partners, maxBodyBytes: maxBodyBytes).addRoutes(to: adminRoutes)
    EventsController(storage: storage).addRoutes(to: adminRoutes)
    let deliveries = DeliveriesController(
        outbox: outbox, storage: storage, partners: partnerDirectory, clock: clock, wake: worker.wake, maxBodyBytes: maxBodyBytes)
    deliveries.addAdminRoutes(to: adminRoutes)
    deliveries.addSharedRoutes(to: sharedRoutes)

    let serverName = "pasarela"
    let application = Application(
        router: router,
        server: WebhookLaneChannel.server(limits: .init(configuration.server)) {
            PartnerWebhookChannelHandler(inbound: inbound, maxBodyBytes: maxBodyBytes, serverName: serverName, logger: logger)
        },
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: serverName),
        services: [StorageCloser(storage: storage, logger: logger), worker, dispatcher],
        logger: logger)
    return HostApplication(application: application, generatedAdminToken: admin.generated, storage: storage)
}

/// The partner directory, with `secrets.key`'s cipher when one is set, once every stored secret
/// is sealed in the cipher's current form.
private func makePartnerDirectory(_ configuration: HostConfiguration, storage: any PasarelaStorage, logger: Logger) async throws
    -> PartnerDirectory
{
    guard let passphrase = configuration.secretsKey else { return PartnerDirectory(storage: storage, cipher: nil) }
    let directory = PartnerDirectory(storage: storage, cipher: try await SecretCipher.make(passphrase: passphrase, storage: storage))
    let resealed = try await directory.sealStoredSecrets()
    if resealed > 0 { logger.info("partner secrets sealed at start", metadata: ["partners": "\(resealed)"]) }
    return directory
}

/// Builds each configured pack with its context, and refuses two packs serving one route.
private func makePackRuntimes(
    _ packs: [ResolvedInstance], configuration: HostConfiguration, storage: any PasarelaStorage, partners: PartnerService,
    outbox: OutboxService, clock: any WallClock, logger: Logger
) throws -> [PackRuntime] {
    let directory = HostPackPartners(service: partners, storage: storage)
    let runtimes = try packs.map { resolved in
        guard case .pack(let makePack) = resolved.descriptor.factory else {
            throw ConfigurationError(key: "packs.\(resolved.name)", "'\(resolved.name)' is not a pack")
        }
        var packLogger = logger
        packLogger[metadataKey: "pack"] = "\(resolved.name)"
        let context = PackContext(
            packName: resolved.name, identity: configuration.identity, partners: directory, clock: clock, logger: packLogger)
        do {
            return PackRuntime(
                name: resolved.name, pack: try makePack(resolved.options, context), storage: storage, partners: partners.directory,
                outbox: outbox, clock: clock, logger: packLogger)
        } catch {
            throw ConfigurationError(key: "packs.\(resolved.name)", "the pack refused its options: \(error)")
        }
    }
    try PackRoutesMiddleware.checkConflicts(runtimes)
    return runtimes
}
