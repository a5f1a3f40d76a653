import Hummingbird
import PasarelaKit

/// Deliveries of outgoing events: `GET /deliveries`, `GET /deliveries/{id}` and
/// `POST /deliveries/{id}/retry` (admin, or the partner itself with its `X-API-Key`).
struct DeliveriesController: Sendable {
    let storage: any OutboxStore
    let clock: any WallClock
    let wake: @Sendable () -> Void

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        let routes = routes.tagged("Deliveries")
        routes.add(
            .get, "/deliveries", id: "listDeliveries",
            RouteDocumentation(
                "List outgoing deliveries, newest first (a partner's key sees its own)",
                query: RouteDocumentation.pageQuery.merging(["partner_id": "A partner",
                        "status": "pending, delivered, dead or disabled"]) { $1 },
                responseDescription: "A page of deliveries", response: .schema("DeliveryList"), errors: [422: "invalid_request: a bad filter or cursor"]),
            use: list)
        routes.add(
            .get, "/deliveries/{id}", id: "getDelivery",
            RouteDocumentation(
                "Read a delivery with its attempts and payload", responseDescription: "The delivery", response: .schema("Delivery")),
            use: read)
        routes.add(
            .post, "/deliveries/{id}/retry", id: "retryDelivery",
            RouteDocumentation(
                "Send a pending, dead or disabled delivery again now", status: 202, responseDescription: "Queued again",
                response: .schema("Delivery"), errors: [409: "invalid_state: already delivered, or being sent right now"]),
            use: retry)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var filter = DeliveryFilter(partnerID: parameters["partner_id"].map(String.init))
        if case .partner(let own) = context.principal {
            guard filter.partnerID == nil || filter.partnerID == own else { throw PasarelaError(.notFound, "no such partner") }
            filter.partnerID = own
        }
        if let status = parameters["status"] { filter.status = try DeliveryStatus(filter: status) }
        let query = try DeliveryQuery(filter: filter, parameters: parameters)
        return query.response(try await storage.deliveries(query), id: \.id) { DeliveryResource.json($0) }
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let delivery = try await visibleDelivery(try context.parameters.require("id"), context: context)
        let attempts = try await storage.attempts(deliveryID: delivery.id)
        return JSONBody.response(status: .ok, json: DeliveryResource.json(delivery, attempts: attempts))
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let delivery = try await visibleDelivery(try context.parameters.require("id"), context: context)
        let requeued = try await storage.retryNow(delivery, at: clock.now())
        wake()
        return JSONBody.response(status: .accepted, json: DeliveryResource.json(requeued))
    }

    private func visibleDelivery(_ id: String, context: AppRequestContext) async throws -> Delivery {
        guard let delivery = try await storage.delivery(id: id), context.principal?.mayAccess(partnerID: delivery.partnerID) == true
        else {
            throw PasarelaError(.notFound, "no delivery \(id)")
        }
        return delivery
    }
}
