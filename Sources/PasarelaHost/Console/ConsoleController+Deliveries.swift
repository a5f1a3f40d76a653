import Foundation
import Hummingbird
import PasarelaKit

extension ConsoleController {
    /// The most deliveries one `Retry failed` queues again.
    static let retryFailedLimit = 1000

    func addDeliveryRoutes(to routes: some RouterMethods<AppRequestContext>) {
        routes.get("deliveries", use: deliveryList)
        routes.post("deliveries/retry-failed", use: retryFailed)
        routes.get("deliveries/{id}", use: deliveryDetail)
        routes.post("deliveries/{id}/retry", use: retryDelivery)
    }

    @Sendable func deliveryList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let parameters = request.uri.queryParameters
        let partnerID = Self.filterValue(parameters, "partner_id")
        let status = try Self.filterValue(parameters, "status").map { text throws(PasarelaError) in try DeliveryStatus(filter: text) }
        let query = try DeliveryQuery(filter: DeliveryFilter(partnerID: partnerID, status: status), parameters: parameters)
        let page = try await storage.deliveries(query)
        let rows = page.map { delivery in
            [
                Markup.link(delivery.id, to: "/console/deliveries/\(Markup.encoded(delivery.id))"), Markup.text(delivery.partnerID),
                Markup.text(delivery.eventType.rawValue), Markup.status(delivery.status.rawValue), "\(delivery.attemptCount)",
                Markup.text(delivery.lastStatusCode.map { "HTTP \($0)" } ?? delivery.lastError ?? ""), Markup.time(delivery.createdAt),
            ]
        }
        let partnerOptions = try await partners.directory.partners().map { ($0.id, $0.id) }
        let filter = ConsolePage.filter(
            action: "/console/deliveries",
            fields: Markup.select("partner_id", label: "Partner", options: partnerOptions, selected: partnerID, anyLabel: "any")
                + Markup.select(
                    "status", label: "Status", options: DeliveryStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: status?.rawValue,
                    anyLabel: "any"))
        let retryForm = ConsolePage.form(
            action: "/console/deliveries/retry-failed", session: session, button: "Retry failed",
            fields: Markup.select("partner_id", label: "Partner", options: partnerOptions, selected: partnerID)
                + Markup.input("since", label: "Created since (UTC)", type: "datetime-local"))
        let body = filter
            + Markup.table(["Delivery", "Partner", "Event type", "Status", "Attempts", "Last answer", "Created"], rows, empty: "No deliveries.")
            + ConsolePage.pager(
                path: "/console/deliveries", filters: [("partner_id", partnerID), ("status", status?.rawValue)], query: query, ids: page.map(\.id))
            + "<h2>Retry a partner's failed deliveries</h2>" + retryForm
        return ConsolePage(title: "Deliveries", section: "/console/deliveries", body: body, notice: Self.notice(of: request))
            .response(session: session)
    }

    @Sendable func deliveryDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let id = try context.parameters.require("id")
        guard let delivery = try await storage.delivery(id: id) else { throw PasarelaError(.notFound, "no delivery \(id)") }
        let attempts = try await storage.attempts(deliveryID: id).map { attempt in
            [
                Markup.time(attempt.at), Markup.text(attempt.statusCode.map(String.init) ?? "—"), "\(attempt.durationMilliseconds) ms",
                attempt.error.map { "<span class=\"error\">\(Markup.text($0))</span>" } ?? Markup.code(attempt.responseBody ?? ""),
            ]
        }
        let summary = Markup.details([
            ("Status", Markup.status(delivery.status.rawValue, id: "delivery-status")),
            ("Partner", Markup.link(delivery.partnerID, to: "/console/partners/\(Markup.encoded(delivery.partnerID))")),
            ("Event", Markup.text("\(delivery.eventType.rawValue) (\(delivery.eventID))")), ("Attempts", "\(delivery.attemptCount)"),
            ("Next attempt", Markup.time(delivery.nextAttemptAt)), ("Created", Markup.time(delivery.createdAt)),
            ("Updated", Markup.time(delivery.updatedAt)),
        ])
        let retry =
            delivery.status == .delivered
            ? "" : ConsolePage.form(action: "/console/deliveries/\(Markup.encoded(id))/retry", session: session, button: "Retry")
        let body = summary + retry + "<h2>Attempts</h2>"
            + Markup.table(["At", "HTTP status", "Duration", "Response or error"], attempts, empty: "Not attempted yet.")
            + "<h2>Payload</h2>" + Markup.payload(delivery.body)
        return ConsolePage(title: "Delivery \(delivery.id)", section: "/console/deliveries", body: body, notice: Self.notice(of: request))
            .response(session: session)
    }

    @Sendable func retryDelivery(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try Self.session(context)
        let id = try context.parameters.require("id")
        guard let delivery = try await storage.delivery(id: id) else { throw PasarelaError(.notFound, "no delivery \(id)") }
        _ = try await storage.retryNow(delivery, at: clock.now())
        wake()
        return ConsolePage.redirect(to: "/console/deliveries/\(Markup.encoded(id))?notice=\(ConsoleNotice.retried.rawValue)")
    }

    @Sendable func retryFailed(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try Self.session(context)
        let form = try Self.form(context)
        guard let partnerID = form["partner_id"] else { throw PasarelaError(.invalidRequest, "partner_id: is required") }
        _ = try await partners.partner(id: partnerID)
        guard let sinceText = form["since"], let since = ISOTimestamp.parse(sinceText.count == 16 ? sinceText + ":00" : sinceText) else {
            throw PasarelaError(.invalidRequest, "since: must be a time such as 2026-12-06T09:30 (UTC)")
        }
        var requeued = 0
        for status in [DeliveryStatus.dead, .disabled] {
            requeued += try await requeueFailed(partnerID: partnerID, status: status, since: since, limit: Self.retryFailedLimit - requeued)
        }
        if requeued > 0 { wake() }
        return ConsolePage.redirect(
            to: Markup.url("/console/deliveries", [("partner_id", partnerID), ("notice", ConsoleNotice.requeued.rawValue), ("count", "\(requeued)")]))
    }

    /// Queues again up to `limit` of the partner's deliveries in `status` created since `since`.
    private func requeueFailed(partnerID: String, status: DeliveryStatus, since: Date, limit: Int) async throws -> Int {
        var (requeued, cursor): (Int, String?) = (0, nil)
        while requeued < limit {
            let query = DeliveryQuery(filter: DeliveryFilter(partnerID: partnerID, status: status), cursor: cursor, limit: 100)
            let page = try await storage.deliveries(query)
            for delivery in page where requeued < limit {
                guard delivery.createdAt >= since else { return requeued }
                do {
                    _ = try await storage.retryNow(delivery, at: clock.now())
                    requeued += 1
                } catch let error as PasarelaError where error.code == .invalidState {
                    // Another host is sending it right now: not counted.
                }
            }
            guard let next = query.nextCursor(after: page.map(\.id)) else { break }
            cursor = next
        }
        return requeued
    }
}
