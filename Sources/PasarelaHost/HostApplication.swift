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
    /// The storage the host uses; the application runs it as its first service.
    public let storage: any PasarelaStorage
    /// What the router serves, `GET /payments/{id}` and so on (Hummingbird's `:id` and `**` as it
    /// spells them), for the test that holds the OpenAPI document to it.
    var routerRoutes: [String] = []
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
    let services: HostServices
    do {
        // Setting up reads and writes storage (admin token, configured partners, secrets sealed at
        // rest), so the storage runs for it here; the application runs it again as its first service.
        services = try await storage.whileRunning {
            try await HostServices.make(
                configuration, instances: instances, packs: packs, storage: storage, clock: clock,
                transport: transport ?? AsyncHTTPClientTransport(), logger: logger, inboxHandlers: inboxHandlers, resolver: resolver)
        }
    } catch {
        try? await storage.close()
        throw error
    }
    let serverName = "pasarela"
    let routes = try buildRouter(services: services)
    let application = Application(
        router: routes.router,
        server: WebhookLaneChannel.server(limits: .init(configuration.server)) { [logger] in
            PartnerWebhookChannelHandler(
                inbound: services.inbound, maxBodyBytes: configuration.server.maxBodyBytes, serverName: serverName, logger: logger)
        },
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: serverName),
        services: [storage, services.worker, services.dispatcher, services.checkoutSweeper],
        logger: logger)
    return HostApplication(
        application: application, generatedAdminToken: services.generatedAdminToken, storage: storage,
        routerRoutes: routes.router.routes.map(\.description))
}
