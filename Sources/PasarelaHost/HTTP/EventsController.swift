import Hummingbird
import PasarelaKit

/// `GET /events` and `GET /events/{id}`: inbound partner events. Admin routes.
struct EventsController: Sendable {
    let storage: any InboxStore

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        let routes = routes.tagged("Inbound events")
        routes.add(
            .get, "/events", id: "listInboundEvents",
            RouteDocumentation(
                "List inbound events, newest first",
                query: RouteDocumentation.pageQuery.merging(["source": "A partner, or provider:{instance}",
                        "event_type": "An event type"]) { $1 },
                responseDescription: "A page of events, payloads as received", response: .schema("InboundEventList"),
                errors: [422: "invalid_request: a bad cursor or limit"]),
            use: list)
        routes.add(
            .get, "/events/{id}", id: "getInboundEvent",
            RouteDocumentation(
                "Read an inbound event and what each pack did with it", responseDescription: "The event with its handlers",
                response: .schema("InboundEvent")),
            use: read)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let filter = InboxFilter(partnerID: parameters["source"].map(String.init), eventType: parameters["event_type"].map(String.init))
        let query = try InboxQuery(filter: filter, parameters: parameters)
        return query.response(try await storage.inboxEvents(query), id: \.id, json: InboxEventResource.json)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let event = try await storage.inboxEvent(id: id) else { throw PasarelaError(.notFound, "no event \(id)") }
        guard case .object(var members) = InboxEventResource.json(event) else { throw PasarelaError(.notFound, "no event \(id)") }
        members["handlers"] = .array(
            try await storage.handlerRuns(eventID: id).map { run in
                .object([
                    "handler": .string(run.handler), "status": .string(run.outcome),
                    "attempts": .number(String(run.attempts)), "error": run.lastError.map(JSONValue.string) ?? .null,
                    "skipped": .array(
                        run.skipped.map { skip in
                            .object([
                                "partner_id": .string(skip.partnerID), "event_type": .string(skip.eventType), "reason": .string(skip.reason),
                            ])
                        }),
                ])
            })
        return JSONBody.response(status: .ok, json: .object(members))
    }
}
