import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PasarelaKit
import Synchronization

/// MercadoPago's Payments API as a test double over real HTTP, for the `mercadopago` module's
/// tests and the host's: it keeps payments in the account's one currency, answers with bodies
/// shaped like MercadoPago's documented ones, honours `X-Idempotency-Key`, and records every call.
///
/// A new payment with a card `token` is approved (`accredited`); without one it stays
/// `in_process` until ``settle(_:status:detail:)``. Refunds need an approved payment and may not
/// exceed what remains; each is listed in the payment's `refunds`. While ``holdRefunds(_:)`` is on,
/// a new refund stays `in_process` until ``settleRefund(_:of:status:)`` (and, as MercadoPago does,
/// is answered 400 unless the request says `X-Render-In-Process-Refunds: true`). Checkout Pro
/// preferences and the payment search are in `FakeMercadoPagoAPI+Checkout.swift`.
public final class FakeMercadoPagoAPI: Sendable {
    /// One call as the fake received it.
    public struct Call: Sendable {
        public var method: String
        /// Without the query.
        public var path: String
        /// The raw query string, `nil` when there was none.
        public var query: String?
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: JSONValue?
    }

    struct State {
        var calls: [Call] = []
        var payments: [String: JSONValue] = [:]
        var preferences: [String: JSONValue] = [:]
        var idempotent: [String: (status: Int, body: JSONValue)] = [:]
        var nextID = 1_325_890_123
        var refunds = 0
        var holdRefunds = false
    }

    let state = Mutex(State())
    private let outage = Mutex(false)
    /// The account's currency: MercadoPago charges every payment of an account in its country's currency.
    public let currency: Currency

    public init(currency: Currency = .ars) {
        self.currency = currency
    }

    public var calls: [Call] { state.withLock { $0.calls } }

    /// The payment `id` as the fake holds it now.
    public func payment(_ id: String) -> JSONValue? {
        state.withLock { $0.payments[id] }
    }

    /// While down, every call is answered 503.
    public func setDown(_ down: Bool) {
        outage.withLock { $0 = down }
    }

    /// While on, new refunds stay `in_process` until ``settleRefund(_:of:status:)``.
    public func holdRefunds(_ hold: Bool) {
        state.withLock { $0.holdRefunds = hold }
    }

    /// Settles an `in_process` refund as `approved` (the payment's refunded amount grows) or `rejected`.
    public func settleRefund(_ refundID: String, of paymentID: String, status: String) {
        state.withLock { state in
            guard case .object(var payment)? = state.payments[paymentID], var refunds = payment["refunds"]?.arrayValue,
                let index = refunds.firstIndex(where: { $0["id"]?.numberText == refundID }), case .object(var refund) = refunds[index],
                refund["status"]?.stringValue == "in_process"
            else { return }
            refund["status"] = .string(status)
            refunds[index] = .object(refund)
            payment["refunds"] = .array(refunds)
            if status == "approved", let amount = try? Money(decimal: refund["amount"]?.numberText ?? "", currency: currency) {
                addRefunded(amount, to: &payment)
            }
            state.payments[paymentID] = .object(payment)
        }
    }

    /// Moves a payment on, as MercadoPago does when it settles it.
    public func settle(_ id: String, status: String, detail: String) {
        state.withLock { state in
            guard case .object(var payment)? = state.payments[id] else { return }
            payment["status"] = .string(status)
            payment["status_detail"] = .string(detail)
            state.payments[id] = .object(payment)
        }
    }

    /// Sets one field of a stored payment, as a tampered or mistaken API answer would carry it.
    public func edit(_ id: String, _ field: String, to value: JSONValue) {
        state.withLock { state in
            guard case .object(var payment)? = state.payments[id] else { return }
            payment[field] = value
            state.payments[id] = .object(payment)
        }
    }

    /// Runs the API on a free loopback port for the duration of `body`, which gets its base URL.
    public func run<Value: Sendable>(_ body: @Sendable (_ baseURL: String) async throws -> Value) async throws -> Value {
        let router = Router()
        addCheckoutRoutes(to: router)
        router.post("v1/payments") { request, _ in try await self.answer(request, path: "/v1/payments") { self.create($0) } }
        router.get("v1/payments/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await self.answer(request, path: "/v1/payments/\(id)") { _ in self.read(id) }
        }
        router.put("v1/payments/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await self.answer(request, path: "/v1/payments/\(id)") { body in
                guard body?["status"]?.stringValue == "cancelled" else { return Self.error(400, "bad status") }
                self.settle(id, status: "cancelled", detail: "by_collector")
                return self.read(id)
            }
        }
        router.post("v1/payments/:id/refunds") { request, context in
            let id = try context.parameters.require("id")
            let inProcess = request.headers[HTTPField.Name("X-Render-In-Process-Refunds")!] == "true"
            return try await self.answer(request, path: "/v1/payments/\(id)/refunds") { self.refund(id, body: $0, inProcess: inProcess) }
        }
        var logger = Logger(label: "fake-mercadopago")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in try await body("http://127.0.0.1:\(client.port!)") }
    }

    func answer(_ request: Request, path: String, _ handle: @Sendable (JSONValue?) -> (Int, JSONValue)) async throws -> Response {
        let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let body = bytes.isEmpty ? nil : try? JSONValue.parse(bytes)
        let call = Call(method: request.method.rawValue, path: path, query: request.uri.query, headers: headers, body: body)
        state.withLock { $0.calls.append(call) }
        let key = headers["x-idempotency-key"].map { "\(request.method) \(path) \($0)" }
        let (status, json): (Int, JSONValue)
        if outage.withLock({ $0 }) {
            (status, json) = Self.error(503, "service unavailable")
        } else if let key, let earlier = state.withLock({ $0.idempotent[key] }) {
            (status, json) = earlier
        } else {
            (status, json) = handle(body)
            if let key, status < 500 { state.withLock { $0.idempotent[key] = (status, json) } }
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json.serialized())))
    }

    static func error(_ status: Int, _ message: String) -> (Int, JSONValue) {
        (status, .object(["message": .string(message), "status": .number(String(status))]))
    }

    private func create(_ body: JSONValue?) -> (Int, JSONValue) {
        guard let amount = body?["transaction_amount"]?.numberText else { return Self.error(400, "transaction_amount is required") }
        let approved = body?["token"]?.stringValue != nil
        return state.withLock { state in
            let payment = newPayment(
                amount: amount, status: approved ? "approved" : "in_process", detail: approved ? "accredited" : "pending_contingency",
                reference: body?["external_reference"] ?? .null, in: &state)
            return (201, payment)
        }
    }

    /// Stores and returns a new payment of `amount` (major units) with the next id.
    func newPayment(
        amount: String, status: String, detail: String, reference: JSONValue, extra: [String: JSONValue] = [:], in state: inout State
    ) -> JSONValue {
        let id = String(state.nextID)
        state.nextID += 1
        let payment: JSONValue = .object(
            [
                "id": .number(id), "status": .string(status), "status_detail": .string(detail), "transaction_amount": .number(amount),
                "transaction_amount_refunded": .number("0"), "currency_id": .string(currency.code), "external_reference": reference,
                "payment_method_id": .string("visa"), "date_created": .string("2026-01-01T00:00:00.000-04:00"),
            ].merging(extra) { $1 })
        state.payments[id] = payment
        return payment
    }

    private func read(_ id: String) -> (Int, JSONValue) {
        payment(id).map { (200, $0) } ?? Self.error(404, "Payment not found")
    }

    private func refund(_ id: String, body: JSONValue?, inProcess: Bool) -> (Int, JSONValue) {
        state.withLock { state in
            guard case .object(var payment)? = state.payments[id],
                let total = try? Money(decimal: payment["transaction_amount"]?.numberText ?? "", currency: currency),
                let refunded = try? Money(decimal: payment["transaction_amount_refunded"]?.numberText ?? "0", currency: currency)
            else { return Self.error(404, "Payment not found") }
            guard payment["status"]?.stringValue == "approved" else { return Self.error(400, "Payment not refundable in its status") }
            let refunds = payment["refunds"]?.arrayValue ?? []
            let held = refunds.filter { $0["status"]?.stringValue == "in_process" }
                .compactMap { try? Money(decimal: $0["amount"]?.numberText ?? "", currency: currency).minor }.reduce(0, +)
            let remaining = total.minor - refunded.minor - held
            let asked = body?["amount"]?.numberText.flatMap { try? Money(decimal: $0, currency: currency) }
            let amount = asked ?? Money(minor: remaining, currency: currency)
            guard amount.minor > 0, amount.minor <= remaining else { return Self.error(400, "Invalid refund amount") }
            guard !state.holdRefunds || inProcess else { return Self.error(400, "The refund is in process") }
            state.refunds += 1
            let refund: JSONValue = .object([
                "id": .number(String(1_009_042_015 + state.refunds)), "payment_id": .number(id),
                "amount": .number(amount.decimalString), "status": .string(state.holdRefunds ? "in_process" : "approved"),
            ])
            payment["refunds"] = .array(refunds + [refund])
            if !state.holdRefunds { addRefunded(amount, to: &payment) }
            state.payments[id] = .object(payment)
            return (201, refund)
        }
    }

    /// Adds an approved refund to a payment's refunded amount, status and detail.
    private func addRefunded(_ amount: Money, to payment: inout [String: JSONValue]) {
        let refunded = (try? Money(decimal: payment["transaction_amount_refunded"]?.numberText ?? "0", currency: currency).minor) ?? 0
        let total = (try? Money(decimal: payment["transaction_amount"]?.numberText ?? "", currency: currency).minor) ?? 0
        let now = Money(minor: refunded + amount.minor, currency: currency)
        payment["transaction_amount_refunded"] = .number(now.decimalString)
        payment["status"] = .string(now.minor == total ? "refunded" : "approved")
        payment["status_detail"] = .string(now.minor == total ? "refunded" : "partially_refunded")
    }
}
