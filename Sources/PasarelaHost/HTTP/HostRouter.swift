import Hummingbird
import PasarelaKit

/// The host's router, and the operations it serves as the OpenAPI document describes them.
struct HostRoutes {
    let router: Router<AppRequestContext>
    let operations: [APIOperation]
}

/// The host's routes: pack routes first, then health, metrics, the OpenAPI document, the webhook
/// receivers (each authenticated by its own signatures) and the modules' public checkout routes,
/// the admin API, and the routes a partner may also call with its `X-API-Key`. Every route but
/// the checkout mount and the operator console (HTML, not API) is declared with its documentation
/// (``DocumentedRoutes``).
func buildRouter(services: HostServices) throws -> HostRoutes {
    let maxBodyBytes = services.configuration.server.maxBodyBytes
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ErrorMiddleware())
    let adminAuth = AuthMiddleware(tokenHash: services.adminTokenHash, partners: services.partnerDirectory, allowsPartnerKeys: false)
    let sharedAuth = AuthMiddleware(tokenHash: services.adminTokenHash, partners: services.partnerDirectory, allowsPartnerKeys: true)
    if !services.packRuntimes.isEmpty {
        // Before every route, so that pack routes are matched first.
        router.add(
            middleware: PackRoutesMiddleware(runtimes: services.packRuntimes, admin: adminAuth, shared: sharedAuth, maxBodyBytes: maxBodyBytes))
    }
    let book = RouteBook()
    let open = DocumentedRoutes(methods: router, access: .open, book: book)
    HealthController(storage: services.storage).addRoutes(to: open)
    MetricsController(metrics: services.metrics, storage: services.storage, clock: services.clock).addRoutes(to: open)
    ProviderWebhooksController(
        payments: services.payments, inbox: services.providerInbox, clock: services.clock, maxBodyBytes: maxBodyBytes,
        metrics: services.metrics
    ).addRoutes(to: open)
    PartnerWebhooksController(inbound: services.inbound, maxBodyBytes: maxBodyBytes)
        .addRoutes(to: DocumentedRoutes(methods: router, access: .signedWebhook, book: book))
    CheckoutRoutesController(payments: services.payments, clock: services.clock, maxBodyBytes: maxBodyBytes).addRoutes(to: router)

    let admin = DocumentedRoutes(methods: router.group().add(middleware: adminAuth), access: .admin, book: book)
    let shared = DocumentedRoutes(methods: router.group().add(middleware: sharedAuth), access: .adminOrPartnerKey, book: book)
    PaymentsController(
        payments: services.payments, idempotency: IdempotencyGuard(storage: services.storage, clock: services.clock),
        maxBodyBytes: maxBodyBytes
    ).addRoutes(to: admin)
    PartnersController(partners: services.partners, maxBodyBytes: maxBodyBytes).addRoutes(to: admin)
    EventsController(storage: services.storage).addRoutes(to: admin)
    let eventTypes = EventTypesController(packs: services.packRuntimes)
    eventTypes.addRoutes(to: admin)
    let partnerEvents = PartnerEventsController(
        outbox: services.outbox, storage: services.storage, partners: services.partnerDirectory, clock: services.clock,
        maxBodyBytes: maxBodyBytes)
    partnerEvents.addAdminRoutes(to: admin)
    partnerEvents.addSharedRoutes(to: shared)
    DeliveriesController(storage: services.storage, clock: services.clock, wake: services.worker.wake).addRoutes(to: shared)
    addConsole(to: router, services: services, catalog: eventTypes.entries)
    try OpenAPIController(
        operations: book.operations + [OpenAPIController.operation], packs: services.packRuntimes, providers: services.payments.providers,
        serverURL: services.configuration.server.publicURL
    ).addRoutes(to: open)
    return HostRoutes(router: router, operations: book.operations)
}

/// The operator console under `/console`: its sign-in and stylesheet open, every other page
/// behind a console session (see ``ConsoleGuard``).
private func addConsole(to router: Router<AppRequestContext>, services: HostServices, catalog: [JSONValue]) {
    let sessions = ConsoleSessions(storage: services.storage, clock: services.clock, adminTokenHash: services.adminTokenHash)
    let console = ConsoleController(
        sessions: sessions, adminTokenHash: services.adminTokenHash,
        secureCookie: services.configuration.server.publicURL?.hasPrefix("https://") ?? false, storage: services.storage,
        payments: services.payments, idempotency: IdempotencyGuard(storage: services.storage, clock: services.clock),
        partners: services.partners, outbox: services.outbox, catalog: catalog, clock: services.clock, wake: services.worker.wake)
    console.addRoutes(
        open: router.group("console").add(middleware: ConsoleGuard(sessions: sessions, requiresSession: false)),
        signedIn: router.group("console").add(middleware: ConsoleGuard(sessions: sessions, requiresSession: true)))
}
