import Foundation
import Hummingbird
import PasarelaKit

/// `/payments`: create, list, read (optionally refreshed from the provider), refund, cancel.
struct PaymentsController: Sendable {
    let payments: PaymentService
    let idempotency: IdempotencyGuard
    let maxBodyBytes: Int

    static let idempotencyHeader = [
        "Idempotency-Key": "Repeats with the same key and body answer as the first time; with another body, 409 idempotency_conflict"
    ]

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        let routes = routes.tagged("Payments")
        let payment = JSONValue.schema("Payment")
        let provider = [502: "provider_error: the provider refused or failed", 504: "provider_timeout: the provider did not answer in time"]
        routes.add(
            .post, "/payments", id: "createPayment", headers: Self.idempotencyHeader,
            RouteDocumentation(
                "Create a payment through a provider instance", request: .schema("CreatePayment"), status: 201,
                responseDescription: "The payment (requires_action with a next_action for a hosted checkout)", response: payment,
                errors: provider.merging([409: "idempotency_conflict: the key was used with another body"]) { $1 }),
            use: create)
        routes.add(
            .get, "/payments", id: "listPayments",
            RouteDocumentation(
                "List payments, newest first",
                query: RouteDocumentation.pageQuery.merging(["status": "A payment status",
                        "provider": "A provider instance"]) { $1 },
                responseDescription: "A page of payments", response: .schema("PaymentList"), errors: [422: "invalid_request: a bad filter or cursor"]),
            use: list)
        routes.add(
            .get, "/payments/{id}", id: "getPayment",
            RouteDocumentation(
                "Read a payment with its refunds", query: ["refresh": "true: ask the provider first"], responseDescription: "The payment",
                response: payment, errors: provider),
            use: read)
        routes.add(
            .get, "/payments/{id}/events", id: "listPaymentEvents",
            RouteDocumentation(
                "The payment's normalized events, oldest first", responseDescription: "Its status history",
                response: .schema("PaymentEventList")),
            use: events)
        routes.add(
            .post, "/payments/{id}/refunds", id: "refundPayment", headers: Self.idempotencyHeader,
            RouteDocumentation(
                "Refund a payment, in full or in part", request: .schema("RefundRequest"), status: 201, responseDescription: "The refund",
                response: .schema("Refund"), errors: provider.merging([409: "invalid_state: nothing left to refund"]) { $1 }),
            use: refund)
        routes.add(
            .post, "/payments/{id}/cancel", id: "cancelPayment", headers: Self.idempotencyHeader,
            RouteDocumentation(
                "Cancel a payment still in flight", request: .schema("Empty"), responseDescription: "The canceled payment", response: payment,
                errors: provider.merging([409: "invalid_state: the payment has ended"]) { $1 }),
            use: cancel)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONBody.value(of: request, limit: maxBodyBytes)
        let input = try CreatePaymentInput(json: body)
        let key = try IdempotencyGuard.key(of: request)
        return try await idempotency.run(scope: "POST /payments", key: key, body: body) {
            let payment = try await payments.create(input, idempotencyKey: key)
            return (.created, try JSONBody.encode(PaymentResource(payment: payment)))
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var filter = PaymentFilter(instance: parameters["provider"].map(String.init))
        if let status = parameters["status"] { filter.status = try PaymentStatus(filter: status) }
        let query = try PaymentQuery(filter: filter, parameters: parameters)
        let page = try await payments.payments(query)
        let data = page.map { PaymentResource(payment: $0) }
        return try JSONBody.response(status: .ok, ListPage(data: data, nextCursor: query.nextCursor(after: page.map(\.id))))
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let refresh = request.uri.queryParameters["refresh"].map { $0 == "true" || $0 == "1" } ?? false
        let payment = try await payments.payment(id: try paymentID(context), refresh: refresh)
        let refunds = try await payments.refunds(paymentID: payment.id)
        return try JSONBody.response(status: .ok, PaymentResource(payment: payment, refunds: refunds))
    }

    /// The payment's normalized events, oldest first: what happened to it and how the host learned it.
    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let events = try await payments.events(paymentID: try paymentID(context))
        return try JSONBody.response(status: .ok, ListPage(data: events.map(PaymentEventResource.init), nextCursor: nil))
    }

    @Sendable func refund(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try paymentID(context)
        let body = try await JSONBody.optionalValue(of: request, limit: maxBodyBytes)
        return try await idempotency.refund(paymentID: id, body: body, key: try IdempotencyGuard.key(of: request), payments: payments)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try paymentID(context)
        let body = try await JSONBody.optionalValue(of: request, limit: maxBodyBytes)
        _ = try FieldReader(body, allowed: [])
        let key = try IdempotencyGuard.key(of: request)
        return try await idempotency.run(scope: "POST /payments/\(id)/cancel", key: key, body: body) {
            let payment = try await payments.cancel(paymentID: id, idempotencyKey: key)
            return (.ok, try JSONBody.encode(PaymentResource(payment: payment)))
        }
    }

    private func paymentID(_ context: AppRequestContext) throws -> String {
        try context.parameters.require("id")
    }
}
