import Hummingbird

/// The host's routes: pack routes first, then health, metrics, the webhook receivers (each
/// authenticated by its own signatures) and the modules' public checkout routes, the admin API, and the routes a partner may also call
/// with its `X-API-Key`.
func buildRouter(services: HostServices) -> Router<AppRequestContext> {
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
    HealthController(storage: services.storage).addRoutes(to: router)
    MetricsController(metrics: services.metrics, storage: services.storage, clock: services.clock).addRoutes(to: router)
    ProviderWebhooksController(
        payments: services.payments, inbox: services.providerInbox, clock: services.clock, maxBodyBytes: maxBodyBytes,
        metrics: services.metrics
    ).addRoutes(to: router)
    PartnerWebhooksController(inbound: services.inbound, maxBodyBytes: maxBodyBytes).addRoutes(to: router)
    CheckoutRoutesController(payments: services.payments, clock: services.clock, maxBodyBytes: maxBodyBytes).addRoutes(to: router)

    let adminRoutes = router.group().add(middleware: adminAuth)
    let sharedRoutes = router.group().add(middleware: sharedAuth)
    PaymentsController(
        payments: services.payments, idempotency: IdempotencyGuard(storage: services.storage, clock: services.clock),
        maxBodyBytes: maxBodyBytes
    ).addRoutes(to: adminRoutes)
    PartnersController(partners: services.partners, maxBodyBytes: maxBodyBytes).addRoutes(to: adminRoutes)
    EventsController(storage: services.storage).addRoutes(to: adminRoutes)
    EventTypesController(packs: services.packRuntimes).addRoutes(to: adminRoutes)
    let partnerEvents = PartnerEventsController(
        outbox: services.outbox, storage: services.storage, partners: services.partnerDirectory, clock: services.clock,
        maxBodyBytes: maxBodyBytes)
    partnerEvents.addAdminRoutes(to: adminRoutes)
    partnerEvents.addSharedRoutes(to: sharedRoutes)
    DeliveriesController(storage: services.storage, clock: services.clock, wake: services.worker.wake).addRoutes(to: sharedRoutes)
    return router
}
