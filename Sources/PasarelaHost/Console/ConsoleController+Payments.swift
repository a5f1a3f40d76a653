import Foundation
import Hummingbird
import PasarelaKit

extension ConsoleController {
    func addPaymentRoutes(to routes: some RouterMethods<AppRequestContext>) {
        routes.get("payments", use: paymentList)
        routes.get("payments/{id}", use: paymentDetail)
        routes.post("payments/{id}/refund", use: refund)
    }

    @Sendable func paymentList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let parameters = request.uri.queryParameters
        let filter = PaymentFilter(
            instance: Self.filterValue(parameters, "provider"),
            status: try Self.filterValue(parameters, "status").map { text throws(PasarelaError) in try PaymentStatus(filter: text) })
        let query = try PaymentQuery(filter: filter, parameters: parameters)
        let page = try await payments.payments(query)
        let rows = page.map { payment in
            [
                Markup.link(payment.id, to: "/console/payments/\(Markup.encoded(payment.id))"), Markup.text(payment.instance),
                Markup.text(Self.amount(payment.amount)), Markup.status(payment.status.rawValue), Markup.text(payment.description ?? ""),
                Markup.time(payment.createdAt),
            ]
        }
        let filters = [("status", filter.status?.rawValue), ("provider", filter.instance)]
        let form = ConsolePage.filter(
            action: "/console/payments",
            fields: Markup.select(
                "status", label: "Status", options: PaymentStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: filter.status?.rawValue,
                anyLabel: "any")
                + Markup.select(
                    "provider", label: "Provider", options: payments.providers.instances.map { ($0, $0) }, selected: filter.instance,
                    anyLabel: "any"))
        let body = form + Markup.table(["Payment", "Provider", "Amount", "Status", "Description", "Created"], rows, empty: "No payments.")
            + ConsolePage.pager(path: "/console/payments", filters: filters, query: query, ids: page.map(\.id))
        return ConsolePage(title: "Payments", section: "/console/payments", body: body).response(session: session)
    }

    @Sendable func paymentDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        return try await paymentPage(try context.parameters.require("id"), session: session, notice: Self.notice(of: request))
            .response(session: session)
    }

    @Sendable func refund(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try Self.session(context)
        let id = try context.parameters.require("id")
        let form = try Self.form(context)
        do {
            var fields: [String: JSONValue] = [:]
            if let amount = form["amount"] { fields["amount"] = .string(amount) }
            if let reason = form["reason"] { fields["reason"] = .string(reason) }
            _ = try await idempotency.refund(
                paymentID: id, body: .object(fields), key: try Self.idempotencyKey(form["idempotency_key"]), payments: payments)
        } catch {
            var page = try await paymentPage(id, session: session, notice: nil)
            page.show(APIError(answering: error, logger: context.logger))
            return page.response(session: session)
        }
        return ConsolePage.redirect(to: "/console/payments/\(Markup.encoded(id))?notice=\(ConsoleNotice.refunded.rawValue)")
    }

    /// The payment page: its figures, status history and refunds, and the refund form.
    private func paymentPage(_ id: String, session: ConsoleSession, notice: String?) async throws -> ConsolePage {
        let payment = try await payments.payment(id: id, refresh: false)
        let history = try await payments.events(paymentID: id).map { event in
            [
                Markup.time(event.occurredAt), Markup.text(event.type.rawValue), Markup.status(event.status.rawValue),
                Markup.text(event.source.rawValue), Markup.text(event.providerEventID ?? ""),
            ]
        }
        let refunds = try await payments.refunds(paymentID: id).map { refund in
            [
                Markup.text(refund.id), Markup.text(Self.amount(refund.amount)), Markup.status(refund.status.rawValue),
                Markup.text(refund.reason ?? ""), Markup.time(refund.createdAt),
            ]
        }
        let refunded = Money(minor: payment.refundedMinor, currency: payment.amount.currency)
        let summary = Markup.details([
            ("Amount", Markup.text(Self.amount(payment.amount))),
            ("Status", Markup.status(payment.status.rawValue, id: "payment-status")),
            ("Refunded", "<span id=\"payment-refunded\">\(Markup.text(Self.amount(refunded)))</span>"),
            ("Provider", Markup.text("\(payment.instance) (\(payment.providerStatus))")), ("Provider's id", Markup.code(payment.providerPaymentID)),
            ("Description", Markup.text(payment.description ?? "")), ("Customer", Markup.text(payment.customer?.email ?? "")),
            ("Failure", Markup.text([payment.failureCode, payment.failureMessage].compactMap { $0 }.joined(separator: ": "))),
            ("Created", Markup.time(payment.createdAt)), ("Updated", Markup.time(payment.updatedAt)),
        ])
        let refundForm = ConsolePage.form(
            action: "/console/payments/\(Markup.encoded(id))/refund", session: session, button: "Refund",
            fields: Markup.hidden("idempotency_key", UUID().uuidString)
                + Markup.input("amount", label: "Amount (\(payment.amount.currency.code))", placeholder: "all that remains")
                + Markup.input("reason", label: "Reason"))
        let body = summary + "<h2>Status history</h2>"
            + Markup.table(["At", "Event", "Status", "Learned from", "Provider event"], history, empty: "No events.")
            + "<h2>Refunds</h2>" + Markup.table(["Refund", "Amount", "Status", "Reason", "Created"], refunds, empty: "No refunds.")
            + "<h2>Refund</h2>" + refundForm
        return ConsolePage(title: "Payment \(payment.id)", section: "/console/payments", body: body, notice: notice)
    }

    /// `12.50 USD`.
    static func amount(_ money: Money) -> String { "\(money.decimalString) \(money.currency.code)" }

    /// The idempotency key a refund form carries, scoped to the console.
    private static func idempotencyKey(_ value: String?) throws(PasarelaError) -> String? {
        guard let value else { return nil }
        guard value.count <= 64, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw PasarelaError(.invalidRequest, "idempotency_key: must be up to 64 letters, digits and dashes")
        }
        return "console-" + value
    }
}
