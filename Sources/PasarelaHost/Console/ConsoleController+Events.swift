import Foundation
import Hummingbird
import PasarelaKit

extension ConsoleController {
    func addEventRoutes(to routes: some RouterMethods<AppRequestContext>) {
        routes.get("events", use: eventList)
        routes.get("events/{id}", use: eventDetail)
        routes.get("event-types", use: eventTypes)
    }

    @Sendable func eventList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let parameters = request.uri.queryParameters
        let source = Self.filterValue(parameters, "source")
        let eventType = Self.filterValue(parameters, "event_type")
        let query = try InboxQuery(filter: InboxFilter(partnerID: source, eventType: eventType), parameters: parameters)
        let page = try await storage.inboxEvents(query)
        let rows = page.map { event in
            [
                Markup.link(event.id, to: "/console/events/\(Markup.encoded(event.id))"), Markup.text(event.partnerID),
                Markup.text(event.eventType.rawValue), Markup.status(event.status.rawValue), Markup.time(event.receivedAt),
            ]
        }
        let filter = ConsolePage.filter(
            action: "/console/events",
            fields: Markup.input("source", label: "Source", value: source, placeholder: "a partner, or provider:{instance}")
                + Markup.input("event_type", label: "Event type", value: eventType))
        let body = filter + Markup.table(["Event", "Source", "Event type", "Status", "Received"], rows, empty: "No inbound events.")
            + ConsolePage.pager(
                path: "/console/events", filters: [("source", source), ("event_type", eventType)], query: query, ids: page.map(\.id))
        return ConsolePage(title: "Inbound events", section: "/console/events", body: body).response(session: session)
    }

    @Sendable func eventDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let id = try context.parameters.require("id")
        guard let event = try await storage.inboxEvent(id: id) else { throw PasarelaError(.notFound, "no event \(id)") }
        let handlers = try await storage.handlerRuns(eventID: id).map { run in
            let skipped = run.skipped.map { "\($0.eventType) to \($0.partnerID): \($0.reason)" }.joined(separator: "; ")
            return [
                Markup.text(run.handler), Markup.status(run.outcome),
                "\(run.attempts)", Markup.text(run.lastError ?? ""), Markup.text(skipped),
            ]
        }
        let summary = Markup.details([
            ("Source", Markup.text(event.partnerID)), ("Event type", Markup.text(event.eventType.rawValue)),
            ("Status", Markup.status(event.status.rawValue, id: "event-status")), ("Partner's event id", Markup.text(event.partnerEventID ?? "")),
            ("Received", Markup.time(event.receivedAt)),
        ])
        let body = summary + "<h2>What each pack did</h2>"
            + Markup.table(["Handler", "Outcome", "Attempts", "Error", "Skipped"], handlers, empty: "No handler has run.")
            + "<h2>Payload</h2>" + Markup.payload(event.body)
        return ConsolePage(title: "Event \(event.id)", section: "/console/events", body: body).response(session: session)
    }

    @Sendable func eventTypes(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let rows = catalog.map { entry in
            [
                Markup.code(entry["type"]?.stringValue ?? ""), Markup.text(entry["direction"]?.stringValue ?? ""),
                Markup.text(entry["declared_by"]?.stringValue ?? ""), Markup.text(entry["description"]?.stringValue ?? ""),
                "<pre class=\"payload\">\(Markup.text(entry["example"]?.serialized() ?? ""))</pre>",
            ]
        }
        let body = Markup.table(["Type", "Direction", "Declared by", "Description", "Example"], rows, empty: "The catalog is empty.")
        return ConsolePage(title: "Event types", section: "/console/event-types", body: body).response(session: session)
    }
}
