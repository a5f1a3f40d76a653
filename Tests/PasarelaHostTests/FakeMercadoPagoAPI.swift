import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PasarelaKit
import Synchronization

/// MercadoPago's Payments API as a test double over real HTTP: it keeps payments, answers with
/// bodies shaped like MercadoPago's documented ones, and records every call.
final class FakeMercadoPagoAPI: Sendable {
    struct Call: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: JSONValue?
    }

    private struct State {
        var calls: [Call] = []
        var payments: [String: JSONValue] = [:]
        var nextID = 1_325_890_123
    }

    private let state = Mutex(State())

    var calls: [Call] { state.withLock { $0.calls } }

    /// Moves a payment on, as MercadoPago does when it settles it.
    func settle(_ id: String, status: String, detail: String) {
        state.withLock { state in
            guard case .object(var payment)? = state.payments[id] else { return }
            payment["status"] = .string(status)
            payment["status_detail"] = .string(detail)
            state.payments[id] = .object(payment)
        }
    }

    /// Runs the API on a free loopback port for the duration of `body`, which gets its base URL.
    func run<Value: Sendable>(_ body: @Sendable (_ baseURL: String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("v1/payments") { request, _ in try await self.answer(request, path: "/v1/payments") { self.create($0) } }
        router.get("v1/payments/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await self.answer(request, path: "/v1/payments/\(id)") { _ in self.payment(id) }
        }
        router.put("v1/payments/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await self.answer(request, path: "/v1/payments/\(id)") { body in
                guard body?["status"]?.stringValue == "cancelled" else { return (400, .object(["message": .string("bad status")])) }
                self.settle(id, status: "cancelled", detail: "by_collector")
                return self.payment(id)
            }
        }
        router.post("v1/payments/:id/refunds") { request, context in
            let id = try context.parameters.require("id")
            return try await self.answer(request, path: "/v1/payments/\(id)/refunds") { self.refund(id, body: $0) }
        }
        var logger = Logger(label: "fake-mercadopago")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in try await body("http://127.0.0.1:\(client.port!)") }
    }

    private func answer(_ request: Request, path: String, _ handle: @Sendable (JSONValue?) -> (Int, JSONValue)) async throws -> Response {
        let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let body = bytes.isEmpty ? nil : try? JSONValue.parse(bytes)
        state.withLock { $0.calls.append(Call(method: request.method.rawValue, path: path, headers: headers, body: body)) }
        let (status, json) = handle(body)
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json.serialized())))
    }

    private func create(_ body: JSONValue?) -> (Int, JSONValue) {
        guard let amount = body?["transaction_amount"]?.numberText else {
            return (400, .object(["message": .string("transaction_amount is required"), "status": .number("400")]))
        }
        return state.withLock { state in
            let id = String(state.nextID)
            state.nextID += 1
            let payment: JSONValue = .object([
                "id": .number(id), "status": .string("in_process"), "status_detail": .string("pending_contingency"),
                "transaction_amount": .number(amount), "transaction_amount_refunded": .number("0"), "currency_id": .string("ARS"),
                "external_reference": body?["external_reference"] ?? .null, "payment_method_id": .string("visa"),
                "date_created": .string("2026-01-01T00:00:00.000-04:00"),
            ])
            state.payments[id] = payment
            return (201, payment)
        }
    }

    private func payment(_ id: String) -> (Int, JSONValue) {
        state.withLock { state in
            state.payments[id].map { (200, $0) } ?? (404, .object(["message": .string("Payment not found"), "status": .number("404")]))
        }
    }

    private func refund(_ id: String, body: JSONValue?) -> (Int, JSONValue) {
        state.withLock { state in
            guard case .object(var payment)? = state.payments[id],
                let total = try? Money(decimal: payment["transaction_amount"]?.numberText ?? "", currency: .ars),
                let refunded = try? Money(decimal: payment["transaction_amount_refunded"]?.numberText ?? "0", currency: .ars)
            else { return (404, .object(["message": .string("Payment not found")])) }
            let asked = body?["amount"]?.numberText.flatMap { try? Money(decimal: $0, currency: .ars) }
            let amount = asked ?? Money(minor: total.minor - refunded.minor, currency: .ars)
            let now = Money(minor: refunded.minor + amount.minor, currency: .ars)
            payment["transaction_amount_refunded"] = .number(now.decimalString)
            if now.minor == total.minor {
                payment["status"] = .string("refunded")
                payment["status_detail"] = .string("refunded")
            } else {
                payment["status_detail"] = .string("partially_refunded")
            }
            state.payments[id] = .object(payment)
            return (201, .object([
                "id": .number(String(1_009_042_015 + state.calls.count)), "payment_id": .number(id),
                "amount": .number(amount.decimalString), "status": .string("approved"),
            ]))
        }
    }
}
