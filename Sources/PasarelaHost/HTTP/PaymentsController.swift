import Foundation
import Hummingbird
import PasarelaKit

/// `/payments`: create, list, read (optionally refreshed from the provider), refund, cancel.
struct PaymentsController: Sendable {
    let payments: PaymentService
    let idempotency: IdempotencyGuard
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("payments", use: create)
        group.get("payments", use: list)
        group.get("payments/:id", use: read)
        group.get("payments/:id/events", use: events)
        group.post("payments/:id/refunds", use: refund)
        group.post("payments/:id/cancel", use: cancel)
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
        if let status = parameters["status"] {
            guard let parsed = PaymentStatus(rawValue: String(status)) else {
                throw PasarelaError(.invalidRequest, "status: '\(status)' is not a payment status")
            }
            filter.status = parsed
        }
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
        let input = try RefundInput(json: body)
        let key = try IdempotencyGuard.key(of: request)
        return try await idempotency.run(scope: "POST /payments/\(id)/refunds", key: key, body: body) {
            let refund = try await payments.refund(paymentID: id, input: input, idempotencyKey: key)
            return (.created, try JSONBody.encode(RefundResource(refund: refund)))
        }
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
