import Foundation
import Hummingbird
import PasarelaKit

/// Outbound events and deliveries: `POST /partners/{id}/events`, `POST /partners/{id}/replay`
/// (admin); `GET /deliveries`, `GET /deliveries/{id}`, `POST /deliveries/{id}/retry` and
/// `GET /partners/{id}/status` (admin, or the partner itself with its `X-API-Key`).
struct DeliveriesController: Sendable {
    let outbox: OutboxService
    let storage: any PasarelaStorage
    let partners: PartnerDirectory
    let clock: any WallClock
    let wake: @Sendable () -> Void
    let maxBodyBytes: Int

    func addAdminRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("partners/:id/events", use: send)
        group.post("partners/:id/replay", use: replay)
    }

    func addSharedRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("deliveries", use: list)
        group.get("deliveries/:id", use: read)
        group.post("deliveries/:id/retry", use: retry)
        group.get("partners/:id/status", use: status)
    }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let partner = try await partner(try context.parameters.require("id"), context: context)
        let body = try await JSONBody.value(of: request, limit: maxBodyBytes)
        let reader = try FieldReader(body, allowed: ["event_type", "data"])
        guard let eventType = try reader.optionalString("event_type"), !eventType.isEmpty else {
            throw PasarelaError(.invalidRequest, "event_type: is required")
        }
        let data = body["data"] ?? .object([:])
        guard data.objectValue != nil else { throw PasarelaError(.invalidRequest, "data: must be an object") }
        let delivery = try await outbox.enqueue(eventType: eventType, data: data, to: partner)
        return JSONBody.response(
            status: .accepted, json: .object(["event_id": .string(delivery.eventID), "delivery_id": .string(delivery.id)]))
    }

    @Sendable func replay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let partner = try await partner(try context.parameters.require("id"), context: context)
        let body = try await JSONBody.value(of: request, limit: maxBodyBytes)
        let reader = try FieldReader(body, allowed: ["since", "until", "event_types"])
        func time(_ field: String) throws -> Date? {
            guard let text = try reader.optionalString(field) else { return nil }
            guard let date = ISOTimestamp.parse(text) else {
                throw PasarelaError(.invalidRequest, "\(field): '\(text)' is not an ISO 8601 time")
            }
            return date
        }
        guard let since = try time("since") else { throw PasarelaError(.invalidRequest, "since: is required") }
        let until = try time("until") ?? clock.now()
        guard since <= until else { throw PasarelaError(.invalidRequest, "since: must not be after until") }
        let copies = try await outbox.replay(partner: partner, range: since...until, eventTypes: try reader.stringList("event_types") ?? [])
        return JSONBody.response(
            status: .accepted,
            json: .object(["replayed": .number(String(copies.count)), "delivery_ids": .array(copies.map { .string($0.id) })]))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var filter = DeliveryFilter(partnerID: parameters["partner_id"].map(String.init))
        if case .partner(let own) = context.principal {
            guard filter.partnerID == nil || filter.partnerID == own else { throw PasarelaError(.notFound, "no such partner") }
            filter.partnerID = own
        }
        if let status = parameters["status"] {
            guard let parsed = DeliveryStatus(rawValue: String(status)) else {
                throw PasarelaError(.invalidRequest, "status: must be one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.status = parsed
        }
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
        guard delivery.status != .delivered else {
            throw PasarelaError(.invalidState, "delivery \(delivery.id) was already delivered")
        }
        guard let requeued = try await storage.requeueDelivery(id: delivery.id, now: clock.now()), requeued.status == .pending,
            requeued.leaseUntil == nil
        else {
            throw PasarelaError(.invalidState, "delivery \(delivery.id) is being sent right now")
        }
        wake()
        return JSONBody.response(status: .accepted, json: DeliveryResource.json(requeued))
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let partner = try await partner(try context.parameters.require("id"), context: context)
        return JSONBody.response(status: .ok, json: DeliveryResource.status(of: partner, try await storage.deliveryHealth(partnerID: partner.id)))
    }

    /// The partner `id`, if the caller may see it; otherwise, as when it does not exist, a 404.
    private func partner(_ id: String, context: AppRequestContext) async throws -> Partner {
        guard context.principal?.mayAccess(partnerID: id) == true, let partner = try await partners.partner(id: id) else {
            throw PasarelaError(.notFound, "no partner \(id)")
        }
        return partner
    }

    private func visibleDelivery(_ id: String, context: AppRequestContext) async throws -> Delivery {
        guard let delivery = try await storage.delivery(id: id), context.principal?.mayAccess(partnerID: delivery.partnerID) == true
        else {
            throw PasarelaError(.notFound, "no delivery \(id)")
        }
        return delivery
    }
}
