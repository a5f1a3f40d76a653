import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PasarelaKit
import Synchronization

/// A local, real-HTTP fake of the part of Stripe's API the `stripe` module uses, answering with
/// objects shaped like Stripe's published fixtures. It records every request.
///
/// Test payment methods (with `confirm=true`): `pm_card_visa` succeeds,
/// `pm_card_chargeDeclined` and `pm_card_chargeDeclinedInsufficientFunds` are declined (402
/// `card_error`), `pm_card_authenticationRequired` needs action, `pm_fake_processing` stays
/// processing, and ``declinedWithoutPaymentIntent`` is declined (402 `card_error`,
/// `insufficient_funds`) with no PaymentIntent made or named. Refunds succeed, except those of
/// `pm_card_pendingRefund` payments, which stay `pending` (counted in the charge's
/// `amount_refunded`, as Stripe does) until ``settleRefund(_:status:)``. Answers queued with
/// ``enqueue(status:body:delay:)`` go out first, whatever the route.
public final class FakeStripeAPI: Sendable {
    /// A test payment method whose confirmation is declined before a PaymentIntent exists.
    public static let declinedWithoutPaymentIntent = "pm_fake_declinedWithoutPaymentIntent"

    /// The key the fake accepts unless told otherwise.
    public static let defaultSecretKey = "sk_test_fake_4eC39HqLyjWDarjtT1zdp7dc"

    /// One request as the fake received it.
    public struct Received: Sendable {
        public var method: String
        public var path: String
        /// The raw query string, `nil` when there was none.
        public var query: String?
        /// Header names in lower case.
        public var headers: [String: String]
        /// The raw body text.
        public var body: String
        /// The decoded form fields, in order.
        public var form: [Field]

        /// A decoded form field.
        public struct Field: Sendable, Equatable {
            public var name: String
            public var value: String
        }

        /// The first value of the form field `name`.
        public func field(_ name: String) -> String? {
            form.first { $0.name == name }?.value
        }

        /// `"POST /v1/refunds"`.
        public var line: String { "\(method) \(path)" + (query.map { "?\($0)" } ?? "") }
    }

    /// An answer to send instead of the fake's own.
    public struct Scripted: Sendable {
        public var status: Int
        public var body: String
        public var delay: Duration
    }

    struct State {
        var requests: [Received] = []
        var queued: [Scripted] = []
        var intents: [String: [String: JSONValue]] = [:]
        var charges: [String: [String: JSONValue]] = [:]
        var refunds: [String: [String: JSONValue]] = [:]
        var sessions: [String: [String: JSONValue]] = [:]
        var idempotent: [String: (request: String, status: Int, body: String)] = [:]
        var counter = 0
    }

    let state = Mutex(State())
    private let secretKey: String
    /// The Unix time the fake stamps on the objects it creates.
    public let created: Int

    public init(secretKey: String = FakeStripeAPI.defaultSecretKey, created: Int = 1_767_225_600) {
        self.secretKey = secretKey
        self.created = created
    }

    /// Every request so far, in order.
    public var requests: [Received] { state.withLock { $0.requests } }

    /// Makes the next request (whatever its route) get this answer, after `delay`.
    public func enqueue(status: Int, body: String, delay: Duration = .zero) {
        state.withLock { $0.queued.append(Scripted(status: status, body: body, delay: delay)) }
    }

    /// Makes the next request get a Stripe error of `type` with HTTP `status`.
    public func enqueueError(status: Int, type: String, code: String? = nil, message: String = "scripted error") {
        var error: [String: JSONValue] = ["type": .string(type), "message": .string(message)]
        if let code { error["code"] = .string(code) }
        enqueue(status: status, body: JSONValue.object(["error": .object(error)]).serialized())
    }

    /// The PaymentIntent `id` as the fake holds it now.
    public func paymentIntent(_ id: String) -> JSONValue? {
        state.withLock { $0.intents[id].map(JSONValue.object) }
    }

    /// The charge of PaymentIntent `id`, if it has one.
    public func charge(ofPaymentIntent id: String) -> JSONValue? {
        state.withLock { state in
            state.intents[id]?["latest_charge"]?.stringValue.flatMap { state.charges[$0] }.map(JSONValue.object)
        }
    }

    /// Settles pending refund `id` as `status` (`succeeded`, `failed`, `canceled`), as Stripe does
    /// later for some payment methods: a refund that does not succeed leaves the charge's
    /// `amount_refunded`. Returns the refund as it is now, for a `refund.updated` event.
    @discardableResult
    public func settleRefund(_ id: String, status: String) -> JSONValue? {
        state.withLock { state -> JSONValue? in
            guard var refund = state.refunds[id], refund["status"]?.stringValue == "pending" else { return nil }
            refund["status"] = .string(status)
            state.refunds[id] = refund
            if status != "succeeded", let chargeID = refund["charge"]?.stringValue, var charge = state.charges[chargeID],
                let refunded = charge["amount_refunded"]?.int64Value, let amount = refund["amount"]?.int64Value
            {
                charge["amount_refunded"] = .number(String(refunded - amount))
                charge["refunded"] = .bool(false)
                state.charges[chargeID] = charge
            }
            return .object(refund)
        }
    }

    /// Plays the customer confirming PaymentIntent `id` in the browser: it succeeds with a charge.
    /// Returns the PaymentIntent as it is now, for a `payment_intent.succeeded` event.
    @discardableResult
    public func confirm(paymentIntent id: String) -> JSONValue? {
        guard let intent = state.withLock({ $0.intents[id] }), let amount = intent["amount"]?.int64Value,
            let currency = intent["currency"]?.stringValue
        else { return nil }
        let chargeID = storeCharge(
            of: id, amount: amount, currency: currency, captured: true, failureCode: nil, metadata: intent["metadata"]?.objectValue ?? [:])
        return state.withLock { state -> JSONValue? in
            guard var intent = state.intents[id] else { return nil }
            intent["status"] = .string("succeeded")
            intent["amount_received"] = .number(String(amount))
            intent["latest_charge"] = .string(chargeID)
            state.intents[id] = intent
            return .object(intent)
        }
    }

    /// The body of a Stripe event of `type` about `object`, shaped like the event fixture.
    public func eventBody(type: String, object: JSONValue, id: String? = nil) -> [UInt8] {
        var event = StripeFixtures.template("event")
        event["id"] = .string(id ?? nextID("evt"))
        event["type"] = .string(type)
        event["created"] = .number(String(created))
        event["data"] = .object(["object": object])
        return Array(JSONValue.object(event).serialized().utf8)
    }

    /// Runs the fake on a free loopback port for the duration of `body`, which gets its base URL.
    public func run<Value: Sendable>(_ body: @Sendable (_ baseURL: String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("v1/payment_intents") { request, context in
            try await self.answer(request, context) { form in self.createIntent(form) }
        }
        router.get("v1/payment_intents/:id") { request, context in
            try await self.answer(request, context) { _ in self.readIntent(context.parameters.get("id") ?? "", query: request.uri.query) }
        }
        router.post("v1/payment_intents/:id/cancel") { request, context in
            try await self.answer(request, context) { _ in self.cancelIntent(context.parameters.get("id") ?? "") }
        }
        router.post("v1/checkout/sessions") { request, context in
            try await self.answer(request, context) { form in self.createSession(form) }
        }
        router.get("v1/checkout/sessions/:id") { request, context in
            try await self.answer(request, context) { _ in self.readSession(context.parameters.get("id") ?? "", query: request.uri.query) }
        }
        router.post("v1/checkout/sessions/:id/expire") { request, context in
            try await self.answer(request, context) { _ in self.expireSession(context.parameters.get("id") ?? "") }
        }
        router.post("v1/refunds") { request, context in
            try await self.answer(request, context) { form in self.refund(form) }
        }
        var logger = Logger(label: "fake-stripe")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }

    // MARK: - Plumbing

    private func answer(
        _ request: Request, _ context: BasicRequestContext, _ handler: @Sendable ([Received.Field]) -> (Int, JSONValue)
    ) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let text = String(decoding: bytes.readableBytesView, as: UTF8.self)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        let received = Received(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers, body: text,
            form: Self.decodeForm(text))
        let scripted = state.withLock { state -> Scripted? in
            state.requests.append(received)
            return state.queued.isEmpty ? nil : state.queued.removeFirst()
        }
        if let scripted {
            if scripted.delay > .zero { try await Task.sleep(for: scripted.delay) }
            return Self.response(scripted.status, scripted.body)
        }
        guard headers["authorization"] == "Bearer \(secretKey)" else {
            return Self.response(401, Self.error("authentication_error", nil, "Invalid API Key provided").serialized())
        }
        let key = headers["idempotency-key"].map { "\(received.method) \(received.path) \($0)" }
        if let key, let earlier = state.withLock({ $0.idempotent[key] }) {
            guard earlier.request == text else {
                let message = "Keys for idempotent requests can only be used with the same parameters they were first used with."
                return Self.response(400, Self.error("idempotency_error", nil, message).serialized())
            }
            return Self.response(earlier.status, earlier.body)
        }
        let (status, json) = handler(received.form)
        let body = json.serialized()
        if let key { state.withLock { $0.idempotent[key] = (text, status, body) } }
        return Self.response(status, body)
    }

    private static func response(_ status: Int, _ body: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func error(_ type: String, _ code: String?, _ message: String, extra: [String: JSONValue] = [:]) -> JSONValue {
        var error = extra
        error["type"] = .string(type)
        error["message"] = .string(message)
        if let code { error["code"] = .string(code) }
        return .object(["error": .object(error)])
    }

    func nextID(_ prefix: String) -> String {
        state.withLock { state in
            state.counter += 1
            return "\(prefix)_fake\(String(state.counter, radix: 10))"
        }
    }

    static func decodeForm(_ text: String) -> [Received.Field] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return Received.Field(name: parts[0], value: parts.count > 1 ? parts[1] : "")
        }
    }
}
