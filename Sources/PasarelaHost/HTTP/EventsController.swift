import Hummingbird
import PasarelaKit

/// `GET /events` and `GET /events/{id}`: inbound partner events. Admin routes.
struct EventsController: Sendable {
    let storage: any PasarelaStorage

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("events", use: list)
        group.get("events/:id", use: read)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var query = InboxQuery()
        query.partnerID = parameters["source"].map(String.init)
        query.eventType = parameters["event_type"].map(String.init)
        query.cursor = parameters["cursor"].map(String.init)
        query.limit = try ListLimit.parse(parameters["limit"].map(String.init))
        let page = try await storage.inboxEvents(query)
        let next = page.count == query.limit ? page.last.map { JSONValue.string($0.id) } ?? .null : .null
        return JSONBody.response(status: .ok, json: .object(["data": .array(page.map(InboxEventResource.json)), "next_cursor": next]))
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

/// The `limit` query parameter of list routes: 1 to 100, 50 by default.
enum ListLimit {
    static func parse(_ text: String?) throws(PasarelaError) -> Int {
        guard let text else { return 50 }
        guard let number = Int(text), (1...100).contains(number) else {
            throw PasarelaError(.invalidRequest, "limit: must be an integer from 1 to 100")
        }
        return number
    }
}
