import Hummingbird
import PasarelaKit

/// `GET /events` and `GET /events/{id}`: inbound partner events. Admin routes.
struct EventsController: Sendable {
    let storage: any InboxStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("events", use: list)
        group.get("events/:id", use: read)
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
                    "handler": .string(run.handler), "status": .string(run.succeeded ? "succeeded" : "failed"),
                    "attempts": .number(String(run.attempts)), "error": run.lastError.map(JSONValue.string) ?? .null,
                ])
            })
        return JSONBody.response(status: .ok, json: .object(members))
    }
}
