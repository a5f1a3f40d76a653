import Foundation
import Hummingbird
import PasarelaKit

extension ConsoleController {
    func addPartnerRoutes(to routes: some RouterMethods<AppRequestContext>) {
        routes.get("partners", use: partnerList)
        routes.get("partners/{id}", use: partnerDetail)
        routes.post("partners/{id}/rotate-secret", use: rotateSecret)
        routes.post("partners/{id}/status", use: changeStatus)
        routes.post("partners/{id}/test-event", use: sendTestEvent)
    }

    @Sendable func partnerList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let query = try ListQuery<PartnerFilter>(filter: PartnerFilter(), parameters: request.uri.queryParameters)
        let page = try await partners.directory.partners().sorted { $0.id < $1.id }
            .filter { partner in query.cursor.map { partner.id > $0 } ?? true }.prefix(query.limit)
        let rows = page.map { partner in
            [
                Markup.link(partner.id, to: "/console/partners/\(Markup.encoded(partner.id))"), Markup.text(partner.name),
                Markup.status(partner.status.rawValue), Markup.text(partner.webhookURL), Markup.text(partner.events.joined(separator: ", ")),
                Markup.text(partner.origin.rawValue),
            ]
        }
        let body = Markup.table(["Partner", "Name", "Status", "Webhook URL", "Events", "From"], rows, empty: "No partners.")
            + ConsolePage.pager(path: "/console/partners", filters: [], query: query, ids: page.map(\.id), labels: ("First", "Next"))
        return ConsolePage(title: "Partners", section: "/console/partners", body: body).response(session: session)
    }

    @Sendable func partnerDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let partner = try await partners.partner(id: try context.parameters.require("id"))
        return try await partnerPage(partner, session: session, notice: Self.notice(of: request)).response(session: session)
    }

    @Sendable func rotateSecret(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let partner = try await partners.rotateSecret(id: try context.parameters.require("id"), gracePeriod: PartnerService.defaultGracePeriod)
        var page = try await partnerPage(partner, session: session, notice: "Secret rotated. Copy it now: it is not shown again.")
        let expiry = partner.previousSecretExpiresAt.map { " The previous secret stays valid until \(Markup.time($0))." } ?? ""
        page.body = "<section class=\"secret\"><h2>New shared secret</h2><p><code id=\"new-secret\">\(Markup.text(partner.secret))</code></p>"
            + "<p>\(expiry)</p></section>" + page.body
        return page.response(session: session)
    }

    @Sendable func changeStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let id = try context.parameters.require("id")
        let form = try Self.form(context)
        do {
            let change = try PartnerChange(json: .object(["status": form["status"].map(JSONValue.string) ?? .null]))
            guard let status = change.status else { throw PasarelaError(.invalidRequest, "status: must be enabled or disabled") }
            _ = try await partners.update(id: id, with: change)
            let notice = status == .enabled ? ConsoleNotice.enabled : .disabled
            return ConsolePage.redirect(to: "/console/partners/\(Markup.encoded(id))?notice=\(notice.rawValue)")
        } catch let error as PasarelaError where error.code != .notFound {
            var page = try await partnerPage(try await partners.partner(id: id), session: session, notice: nil)
            page.show(APIError(error))
            return page.response(session: session)
        }
    }

    @Sendable func sendTestEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let partner = try await partners.partner(id: try context.parameters.require("id"))
        let form = try Self.form(context)
        guard let type = form["event_type"], let example = testEvents(for: partner).first(where: { $0.type == type })?.example else {
            var page = try await partnerPage(partner, session: session, notice: nil)
            page.show(APIError(PasarelaError(.invalidRequest, "event_type: choose a type from the catalog that this partner takes")))
            return page.response(session: session)
        }
        let delivery = try await outbox.enqueue(eventType: type, data: example, to: partner)
        wake()
        return ConsolePage.redirect(to: "/console/deliveries/\(Markup.encoded(delivery.id))?notice=\(ConsoleNotice.sent.rawValue)")
    }

    /// The catalog's types this host may send that `partner` takes, each with its example, by type.
    private func testEvents(for partner: Partner) -> [(type: String, example: JSONValue)] {
        var seen: Set<String> = []
        return catalog.compactMap { entry in
            guard let type = entry["type"]?.stringValue, entry["direction"]?.stringValue != "inbound", let example = entry["example"],
                EventSubscription.takes(EventType(rawValue: type), patterns: partner.events), seen.insert(type).inserted
            else { return nil }
            return (type, example)
        }
    }

    /// The partner page: its settings (never its secrets), delivery health and actions.
    private func partnerPage(_ partner: Partner, session: ConsoleSession, notice: String?) async throws -> ConsolePage {
        let health = try await storage.deliveryHealth(partnerID: partner.id)
        let path = "/console/partners/\(Markup.encoded(partner.id))"
        let settings = Markup.details([
            ("Name", Markup.text(partner.name)), ("Status", Markup.status(partner.status.rawValue, id: "partner-status")),
            ("Disabled because", Markup.text(partner.disabledReason ?? "")), ("Failing since", Markup.time(partner.failingSince)),
            ("Webhook URL", Markup.code(partner.webhookURL)), ("Scheme", Markup.text(partner.scheme)),
            ("Events", Markup.text(partner.events.joined(separator: ", "))),
            ("Headers", Markup.text(partner.headers.keys.sorted().joined(separator: ", "))),
            ("Event bus", partner.eventBus ? "yes" : "no"), ("Rate limit", partner.rateLimitPerSecond.map { "\($0)/s" } ?? "none"),
            ("Ordering", Markup.text(partner.ordering.rawValue)), ("From", Markup.text(partner.origin.rawValue)),
            ("Previous secret valid until", Markup.time(partner.previousSecretExpiresAt)), ("Created", Markup.time(partner.createdAt)),
        ])
        let counts = DeliveryStatus.allCases.map { status in
            (
                "Deliveries \(status.rawValue)",
                Markup.link("\(health.counts[status] ?? 0)", to: Markup.url("/console/deliveries", [("partner_id", partner.id), ("status", status.rawValue)]))
            )
        }
        let lastFailure = health.lastFailure.map { attempt in
            Markup.time(attempt.at) + " " + Markup.text(attempt.statusCode.map { "HTTP \($0)" } ?? attempt.error ?? "")
        }
        let healthList = Markup.details(
            counts + [
                ("Oldest pending since", Markup.time(health.oldestPendingAt)), ("Last delivered", Markup.time(health.lastDeliveredAt)),
                ("Last failure", lastFailure ?? "—"),
            ])
        let toggle = partner.status == .enabled ? ("disabled", "Disable") : ("enabled", "Enable")
        let types = testEvents(for: partner)
        let testForm =
            types.isEmpty
            ? "<p class=\"empty\">The catalog has no type this partner takes.</p>"
            : ConsolePage.form(
                action: "\(path)/test-event", session: session, button: "Send test event",
                fields: Markup.select("event_type", label: "Event type", options: types.map { ($0.type, $0.type) }, selected: nil))
        let actions = ConsolePage.form(action: "\(path)/rotate-secret", session: session, button: "Rotate secret")
            + ConsolePage.form(action: "\(path)/status", session: session, button: toggle.1, fields: Markup.hidden("status", toggle.0))
        let body = settings + "<h2>Deliveries</h2>" + healthList + "<h2>Actions</h2><div class=\"actions\">" + actions + "</div>"
            + "<h2>Send a test event</h2>" + testForm
        return ConsolePage(title: "Partner \(partner.id)", section: "/console/partners", body: body, notice: notice)
    }
}
