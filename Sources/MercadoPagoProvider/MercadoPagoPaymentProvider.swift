import Foundation
import PasarelaKit

/// One `mercadopago` instance: calls `/v1/payments` with Bearer auth and `X-Idempotency-Key`, and
/// turns signed notifications into normalized events by reading the payment they name. Hosted
/// checkout (Checkout Pro preferences) is in `MercadoPagoPaymentProvider+Checkout.swift`.
struct MercadoPagoPaymentProvider: PaymentProvider {
    let moduleName = MercadoPagoModule.descriptor.name
    let capabilities: ProviderCapabilities = [.create, .fetch, .refund, .partialRefund, .cancel, .webhooks, .hostedCheckout]

    /// MercadoPago wants a notification answered within 22 s: reading the payment it names gets
    /// at most this long, and no waiting on 429s, before the notification is deferred instead.
    static let notificationFetchDeadline: Duration = .seconds(5)

    let configuration: MercadoPagoConfiguration
    let context: ModuleContext
    let client: ProviderAPIClient
    let notificationClient: ProviderAPIClient

    init(configuration: MercadoPagoConfiguration, context: ModuleContext) {
        self.configuration = configuration
        self.context = context
        client = ProviderAPIClient(providerName: "MercadoPago", transport: context.transport)
        notificationClient = ProviderAPIClient(providerName: "MercadoPago", transport: context.transport, maximumRetries: 0)
    }

    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        try checkAccountCurrency(request.amount)
        let method = request.paymentMethod
        var body: [String: JSONValue] = [
            "transaction_amount": try MercadoPagoAmount.json(request.amount),
            "external_reference": .string(request.paymentID),
            "metadata": Self.metadata(request.metadata, paymentID: request.paymentID),
        ]
        if let description = request.description { body["description"] = .string(description) }
        if let email = request.customer?.email { body["payer"] = .object(["email": .string(email)]) }
        if let url = configuration.notificationURL { body["notification_url"] = .string(url) }
        if let id = method?["payment_method_id"]?.stringValue ?? configuration.defaultPaymentMethodID {
            body["payment_method_id"] = .string(id)
        }
        if let installments = method?["installments"] ?? configuration.defaultInstallments.map({ .number(String($0)) }) {
            body["installments"] = installments
        }
        for key in ["token", "issuer_id"] {
            if let value = method?[key] { body[key] = value }
        }
        let payment = try await call("POST", "/v1/payments", body: .object(body), idempotencyKey: request.idempotencyKey)
        return try providerPayment(from: payment, currency: request.amount.currency)
    }

    func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
        if MercadoPagoCheckout.isPreference(providerPaymentID) { return try await fetchCheckout(preferenceID: providerPaymentID) }
        let payment = try await call("GET", "/v1/payments/\(try pathSegment(providerPaymentID))")
        return try providerPayment(from: payment, currency: nil)
    }

    func refundPayment(_ request: RefundRequest) async throws -> ProviderRefund {
        let id = try pathSegment(request.payment.providerPaymentID)
        let body: JSONValue =
            request.refundsWholePayment ? .object([:]) : .object(["amount": try MercadoPagoAmount.json(request.amount)])
        // Without this header a refund MercadoPago is still processing is answered 400, not 201 `in_process`.
        let refund = try await call(
            "POST", "/v1/payments/\(id)/refunds", body: body, idempotencyKey: request.idempotencyKey,
            headers: [("X-Render-In-Process-Refunds", "true")])
        guard let refundID = Self.identifier(refund["id"]) else {
            throw PasarelaError.providerUnavailable("MercadoPago answered a refund without an id")
        }
        return ProviderRefund(providerRefundID: refundID, status: MercadoPagoMapping.refundStatus(refund["status"]?.stringValue))
    }

    func cancelPayment(_ request: CancelRequest) async throws -> ProviderPayment {
        if MercadoPagoCheckout.isPreference(request.payment.providerPaymentID) { return try await cancelCheckout(request) }
        let id = try pathSegment(request.payment.providerPaymentID)
        let payment = try await call(
            "PUT", "/v1/payments/\(id)", body: .object(["status": .string("cancelled")]), idempotencyKey: request.idempotencyKey)
        return try providerPayment(from: payment, currency: request.payment.amount.currency)
    }

    func handleWebhook(_ request: ProviderWebhookRequest) async throws -> [NormalizedEvent] {
        let notification = (try? JSONValue.parse(request.body)) ?? .object([:])
        // Checkout Pro also notifies merchant orders: they change nothing here, so nothing needs trusting.
        if MercadoPagoCheckout.isMerchantOrderNotification(request, body: notification) {
            context.logger.debug("acknowledged a merchant_order notification")
            return []
        }
        guard let paymentID = try notifiedPaymentID(request, body: notification) else { return [] }
        // The notification only names the payment: read its state now, or later if the API is down.
        let path = "/v1/payments/\(try pathSegment(paymentID))"
        let payment = try await WebhookDeferral.onRetryableFailure {
            try await call("GET", path, via: notificationClient, timeout: min(configuration.timeout, Self.notificationFetchDeadline))
        }
        let read = try providerPayment(from: payment, currency: nil)
        guard let state = try await checkoutState(read, of: payment) else {
            // A rejected attempt on a checkout that already has its payment: nothing to tell the host.
            context.logger.debug("late rejected attempt on a paid checkout acknowledged", metadata: ["payment": "\(read.providerPaymentID)"])
            return []
        }
        let statusDetail = payment["status_detail"]?.stringValue ?? ""
        let reference = payment["external_reference"]?.stringValue
        // The payment's own event, then one per settled refund (each once: its id names its outcome).
        let refundEvents = MercadoPagoMapping.settledRefunds(of: payment).map { refund in
            NormalizedEvent(
                id: "\(read.providerPaymentID):refund:\(refund.providerRefundID):\(refund.status.rawValue)", type: state.status.eventType,
                payment: state, paymentID: reference, occurredAt: request.receivedAt, refund: refund)
        }
        return [
            NormalizedEvent(
                id: "\(read.providerPaymentID):\(read.providerStatus):\(statusDetail):\(read.refundedMinor ?? 0)",
                type: state.status.eventType, payment: state, paymentID: reference, occurredAt: request.receivedAt)
        ] + refundEvents
    }

    /// The payment a notification names, once its signature is checked (or, for a legacy unsigned
    /// IPN, once the instance allows those); `nil` for a notification about something else.
    private func notifiedPaymentID(_ request: ProviderWebhookRequest, body notification: JSONValue) throws -> String? {
        if request.query["topic"] != nil, request.header("x-signature") == nil, configuration.allowsUnsignedIPN || request.verified {
            guard request.query["topic"] == "payment", let id = request.query["id"] else { return nil }
            context.logger.info("accepted an unsigned legacy IPN call", metadata: ["payment": "\(id)"])
            return id
        }
        guard let secret = configuration.webhookSecret else {
            throw PasarelaError(.invalidSignature, "this instance has no webhook_secret, so it accepts no notifications")
        }
        // Without data.id in the query the signature would not cover which payment is meant.
        guard let dataID = request.query["data.id"], !dataID.isEmpty else {
            throw PasarelaError(.invalidSignature, "a signed notification must name data.id in its query string")
        }
        if !request.verified {
            let match = try MercadoPagoSignature.verify(
                header: request.header("x-signature"), requestID: request.header("x-request-id"), dataID: dataID,
                secret: secret, now: request.receivedAt, tolerance: configuration.webhookTolerance)
            context.logger.debug("notification signature checked", metadata: ["data_id": "\(dataID)", "matched": "\(match.rawValue)"])
        }
        let type = request.query["type"] ?? notification["type"]?.stringValue
        return type == "payment" ? dataID : nil
    }

    /// Refuses, before any call, an amount in another currency than the account's (when the
    /// instance names it): MercadoPago would charge it in the account's.
    func checkAccountCurrency(_ amount: Money) throws(PasarelaError) {
        if let account = configuration.accountCurrency, amount.currency != account {
            throw PasarelaError(
                .invalidRequest, "this MercadoPago account charges in \(account.code), so a payment in \(amount.currency.code) is refused")
        }
    }

    /// A request's `metadata` as sent to MercadoPago, with `pasarela_payment_id` added.
    static func metadata(_ metadata: [String: String], paymentID: String) -> JSONValue {
        .object(metadata.mapValues(JSONValue.string).merging(["pasarela_payment_id": .string(paymentID)]) { $1 })
    }

    /// Calls the API and returns its JSON object; every failure per ``MercadoPagoMapping``.
    func call(
        _ method: String, _ path: String, body: JSONValue? = nil, idempotencyKey: String? = nil, via client: ProviderAPIClient? = nil,
        timeout: Duration? = nil, headers extra: [(name: String, value: String)] = []
    ) async throws -> JSONValue {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(configuration.accessToken)"), ("Accept", "application/json"),
        ] + extra
        if body != nil { headers.append(("Content-Type", "application/json")) }
        if let idempotencyKey { headers.append(("X-Idempotency-Key", idempotencyKey)) }
        let operation = "\(method) \(path)"
        let response = try await (client ?? self.client).send(
            TransportRequest(
                method: method, url: configuration.apiBase + path, headers: headers, body: body.map { Array($0.serialized().utf8) } ?? [],
                timeout: timeout ?? configuration.timeout),
            operation: operation)
        guard (200..<300).contains(response.status) else {
            throw MercadoPagoMapping.error(status: response.status, body: response.body, operation: operation)
        }
        guard let json = try? JSONValue.parse(response.body), json.objectValue != nil else {
            throw PasarelaError.providerUnavailable("MercadoPago answered \(operation) with something that is not a JSON object")
        }
        return json
    }

    func providerPayment(from payment: JSONValue, currency: Currency?) throws -> ProviderPayment {
        guard let id = Self.identifier(payment["id"]), let status = payment["status"]?.stringValue else {
            throw PasarelaError.providerUnavailable("MercadoPago answered a payment without an id or a status")
        }
        let detail = payment["status_detail"]?.stringValue
        let mapped = MercadoPagoMapping.status(status, detail: detail)
        let currency = currency ?? payment["currency_id"]?.stringValue.flatMap { try? Currency(code: $0) }
        return ProviderPayment(
            providerPaymentID: id, status: mapped, providerStatus: status,
            failureCode: mapped == .failed ? detail : nil,
            failureMessage: mapped == .failed ? "MercadoPago rejected the payment (\(detail ?? "no detail"))" : nil,
            refundedMinor: currency.flatMap { MercadoPagoAmount.minor(payment["transaction_amount_refunded"], currency: $0) },
            amount: currency.flatMap { currency in
                MercadoPagoAmount.minor(payment["transaction_amount"], currency: currency).map { Money(minor: $0, currency: currency) }
            })
    }

    /// MercadoPago ids are JSON numbers in payments and refunds, strings in notifications.
    static func identifier(_ value: JSONValue?) -> String? {
        value?.stringValue ?? value?.numberText
    }

    /// Ids go into URL paths: refuse anything that could change the path.
    func pathSegment(_ id: String) throws -> String {
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw PasarelaError(.invalidRequest, "'\(id)' is not a MercadoPago id")
        }
        return id
    }
}
