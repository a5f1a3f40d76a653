import Foundation
import Hummingbird
import PasarelaKit

/// A partner's outgoing events: `POST /partners/{id}/events` and `POST /partners/{id}/replay`
/// (admin), and `GET /partners/{id}/status` (admin, or the partner itself with its `X-API-Key`).
struct PartnerEventsController: Sendable {
    let outbox: OutboxService
    let storage: any OutboxStore
    let partners: PartnerDirectory
    let clock: any WallClock
    let maxBodyBytes: Int

    func addAdminRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        let routes = routes.tagged("Partners")
        routes.add(
            .post, "/partners/{id}/events", id: "sendPartnerEvent",
            RouteDocumentation(
                "Send an event to a partner, durably (signed, retried)", request: .schema("SendEvent"), status: 202,
                responseDescription: "Queued for delivery", response: .schema("EventQueued"),
                errors: [422: "invalid_request, or event_not_subscribed: the partner does not take that type"]),
            use: send)
        routes.add(
            .post, "/partners/{id}/replay", id: "replayPartnerEvents",
            RouteDocumentation(
                "Queue again what a partner was sent in a time range", request: .schema("Replay"), status: 202,
                responseDescription: "The new deliveries", response: .schema("Replayed")),
            use: replay)
    }

    func addSharedRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        routes.tagged("Partners").add(
            .get, "/partners/{id}/status", id: "getPartnerStatus",
            RouteDocumentation(
                "Where a partner's deliveries stand (admin, or the partner's own X-API-Key)", responseDescription: "Counts and times",
                response: .schema("PartnerStatus")),
            use: status)
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
        guard EventSubscription.takes(EventType(rawValue: eventType), patterns: partner.events) else {
            throw PasarelaError(
                .eventNotSubscribed,
                "partner \(partner.id) does not take \(eventType) events (it takes \(partner.events.joined(separator: ", ")))")
        }
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
}
