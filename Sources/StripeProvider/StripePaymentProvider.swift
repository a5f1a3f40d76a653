import Foundation
import PasarelaKit

/// The `stripe` provider: one PaymentIntent per payment (or a Checkout Session that becomes one,
/// see ``StripeCheckout``), refunds through `/v1/refunds`, and webhooks verified with `Stripe-Signature`. Stateless: Stripe keeps the state, and every
/// POST carries an `Idempotency-Key`, so a retried call never charges or refunds twice.
struct StripePaymentProvider: PaymentProvider {
    /// The metadata key that carries the host's payment id to Stripe and back in webhooks.
    static let paymentIDMetadataKey = "pasarela_payment_id"
    /// The metadata key that carries the host's refund id.
    static let refundIDMetadataKey = "pasarela_refund_id"
    /// The keys a payment's `payment_method` object may have.
    static let paymentMethodKeys: Set<String> = ["id", "confirm", "return_url"]
    /// Refund reasons Stripe knows; any other reason travels in metadata.
    static let refundReasons: Set<String> = ["duplicate", "fraudulent", "requested_by_customer"]

    let configuration: StripeConfiguration
    let context: ModuleContext
    let client: StripeClient

    init(configuration: StripeConfiguration, context: ModuleContext) {
        self.configuration = configuration
        self.context = context
        self.client = StripeClient(configuration: configuration, transport: context.transport)
    }

    var moduleName: String { "stripe" }
    var capabilities: ProviderCapabilities { ProviderCapabilities.all.union(.hostedCheckout) }

    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        let form = try Self.createForm(for: request, configuration: configuration)
        let declinedID = StripeMapping.declinedPaymentID(idempotencyKey: request.idempotencyKey)
        switch try await client.post("/v1/payment_intents", form: form, idempotencyKey: request.idempotencyKey, declinedPaymentID: declinedID) {
        case .object(let intent): return try StripeMapping.payment(fromPaymentIntent: intent)
        case .declined(let payment): return payment
        }
    }

    func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
        if providerPaymentID.hasPrefix(StripeMapping.declinedPaymentIDPrefix) {
            // Declined before Stripe made a PaymentIntent: nothing to read, and it stays failed.
            return ProviderPayment(providerPaymentID: providerPaymentID, status: .failed, providerStatus: "card_error")
        }
        if StripeCheckout.isSession(providerPaymentID) { return try await fetchSession(providerPaymentID) }
        let path = "/v1/payment_intents/\(StripeForm.escape(providerPaymentID))?\(StripeForm.escape("expand[]"))=latest_charge"
        switch try await client.get(path) {
        case .object(let intent): return try StripeMapping.payment(fromPaymentIntent: intent)
        case .declined(let payment): return payment
        }
    }

    func refundPayment(_ request: RefundRequest) async throws -> ProviderRefund {
        var form = StripeForm()
        form.add("payment_intent", request.payment.providerPaymentID)
        if !request.refundsWholePayment {
            form.add("amount", String(try StripeAmount.stripeAmount(for: request.amount)))
        }
        var metadata = [Self.refundIDMetadataKey: request.refundID, Self.paymentIDMetadataKey: request.payment.id]
        if let reason = request.reason {
            if Self.refundReasons.contains(reason) { form.add("reason", reason) } else { metadata["reason"] = reason }
        }
        form.add("metadata", dictionary: metadata)
        switch try await client.post("/v1/refunds", form: form, idempotencyKey: request.idempotencyKey) {
        case .object(let refund):
            guard let id = refund["id"]?.stringValue else {
                throw PasarelaError.providerUnavailable("Stripe answered POST /v1/refunds without a refund id", retryable: false)
            }
            return ProviderRefund(providerRefundID: id, status: Self.refundStatus(refund["status"]?.stringValue))
        case .declined(let payment):
            throw PasarelaError(.invalidRequest, "Stripe refused the refund (\(payment.failureCode ?? "card_error"))")
        }
    }

    func cancelPayment(_ request: CancelRequest) async throws -> ProviderPayment {
        if StripeCheckout.isSession(request.payment.providerPaymentID) {
            return try await expireSession(request.payment.providerPaymentID, idempotencyKey: request.idempotencyKey)
        }
        let path = "/v1/payment_intents/\(StripeForm.escape(request.payment.providerPaymentID))/cancel"
        switch try await client.post(path, form: StripeForm(), idempotencyKey: request.idempotencyKey) {
        case .object(let intent): return try StripeMapping.payment(fromPaymentIntent: intent)
        case .declined(let payment): return payment
        }
    }

    func handleWebhook(_ request: ProviderWebhookRequest) async throws -> [NormalizedEvent] {
        guard let secret = configuration.webhookSecret else {
            throw PasarelaError(.invalidSignature, "webhooks are disabled: instance \(context.instanceName) has no webhook_secret")
        }
        if !request.verified {
            try StripeWebhookSignature.scheme(tolerance: configuration.webhookTolerance).verify(
                header: request.header(StripeWebhookSignature.headerName), body: request.body, secrets: [secret],
                now: context.clock.now())
        }
        let event: JSONValue
        do {
            event = try JSONValue.parse(request.body)
        } catch {
            throw PasarelaError(.malformedRequest, "the Stripe event is not JSON: \(error)")
        }
        // Refund events need the PaymentIntent; if Stripe cannot be asked now, the host keeps the
        // (authentic) event and hands it back later.
        let events = try await StripeWebhookEvents.normalize(event) { id in
            do {
                return try await WebhookDeferral.onRetryableFailure { try await fetchPayment(providerPaymentID: id) }
            } catch let error as PasarelaError where error.code == .notFound {
                // Not a PaymentIntent of this account (another integration, `stripe trigger`):
                // acknowledged, or Stripe would send it again for days.
                return nil
            }
        }
        if events.isEmpty {
            context.logger.debug(
                "Stripe event acknowledged without a payment change",
                metadata: ["type": "\(event["type"]?.stringValue ?? "?")", "event_id": "\(event["id"]?.stringValue ?? "?")"])
        }
        return events
    }

    /// The form of `POST /v1/payment_intents` for `request`.
    static func createForm(for request: CreatePaymentRequest, configuration: StripeConfiguration) throws(PasarelaError)
        -> StripeForm
    {
        var form = StripeForm()
        form.add("amount", String(try StripeAmount.stripeAmount(for: request.amount)))
        form.add("currency", request.amount.currency.code.lowercased())
        form.add("description", request.description)
        form.add("receipt_email", request.customer?.email)
        if let method = request.paymentMethod {
            guard let members = method.objectValue else {
                throw PasarelaError(.invalidRequest, "payment_method: expected an object with id, confirm and return_url")
            }
            if let unknown = members.keys.sorted().first(where: { !paymentMethodKeys.contains($0) }) {
                throw PasarelaError(.invalidRequest, "payment_method.\(unknown): unknown key (known: confirm, id, return_url)")
            }
            form.add("payment_method", try string(members["id"], "payment_method.id"))
            if let confirm = members["confirm"], !confirm.isNull {
                guard let flag = confirm.boolValue else {
                    throw PasarelaError(.invalidRequest, "payment_method.confirm: expected a boolean")
                }
                form.add("confirm", flag ? "true" : "false")
            }
            form.add("return_url", try string(members["return_url"], "payment_method.return_url"))
        }
        form.add("capture_method", configuration.captureMethod)
        form.add("automatic_payment_methods[enabled]", configuration.automaticPaymentMethods.map { $0 ? "true" : "false" })
        form.add("metadata", dictionary: try metadata(request.metadata, paymentID: request.paymentID))
        return form
    }

    /// A payment's metadata as sent to Stripe, with the host's payment id; a key Stripe's form
    /// encoding cannot carry is a 422.
    static func metadata(_ metadata: [String: String], paymentID: String) throws(PasarelaError) -> [String: String] {
        if let key = metadata.keys.sorted().first(where: { $0.contains("[") || $0.contains("]") }) {
            throw PasarelaError(.invalidRequest, "metadata key '\(key)' cannot be sent to Stripe: keys may not contain [ or ]")
        }
        return metadata.merging([paymentIDMetadataKey: paymentID]) { _, host in host }
    }

    private static func string(_ value: JSONValue?, _ name: String) throws(PasarelaError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else { throw PasarelaError(.invalidRequest, "\(name): expected a string") }
        return text
    }

    /// A Stripe refund status, normalized: `succeeded`; `failed` or `canceled` → `failed`;
    /// `pending`, `requires_action` and anything else → `pending`.
    static func refundStatus(_ status: String?) -> RefundStatus {
        switch status {
        case "succeeded": return .succeeded
        case "failed", "canceled": return .failed
        default: return .pending
        }
    }
}
