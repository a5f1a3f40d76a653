import Foundation
import PasarelaKit

/// The mock provider. Deterministic: its ids derive from the host's ids, and its state lives in
/// the module store the host provides.
struct MockPaymentProvider: PaymentProvider {
    let webhookSecret: String?
    let webhookTolerance: Int
    let context: ModuleContext
    /// The checkout tokens whose choice this instance is applying now.
    let choices = MockCheckoutChoices()

    var moduleName: String { "mock" }
    var capabilities: ProviderCapabilities { [.all, .hostedCheckout] }

    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        let outcome = try MockOutcome.from(metadata: request.metadata)
        if let earlier = try await context.store.load(String.self, forKey: MockPaymentRecord.idempotencyKey(request.idempotencyKey)),
            let record = try await record(earlier)
        {
            return snapshot(of: record)
        }
        let status: PaymentStatus
        var failureCode: String?
        switch outcome {
        case .succeed: status = .succeeded
        case .pending: status = .pending
        case .requiresAction: status = .requiresAction
        case .decline:
            status = .failed
            failureCode = request.metadata[MockOutcome.failureCodeKey] ?? "card_declined"
        case .timeout:
            throw PasarelaError(.providerTimeout, "the mock provider simulated a timeout", retryable: true)
        case .providerError:
            throw PasarelaError.providerUnavailable("the mock provider simulated an outage")
        }
        let record = MockPaymentRecord(
            providerPaymentID: "mock_pay_" + Self.derivedID(request.paymentID),
            paymentID: request.paymentID, amountMinor: request.amount.minor, currency: request.amount.currency.code,
            status: status.rawValue, failureCode: failureCode, refundedMinor: 0)
        try await context.store.save(record, forKey: MockPaymentRecord.key(record.providerPaymentID))
        try await context.store.save(record.providerPaymentID, forKey: MockPaymentRecord.idempotencyKey(request.idempotencyKey))
        return snapshot(of: record)
    }

    func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
        guard let record = try await record(providerPaymentID) else {
            throw PasarelaError(.notFound, "the mock provider has no payment \(providerPaymentID)")
        }
        return snapshot(of: try await expiringCheckout(record))
    }

    func cancelPayment(_ request: CancelRequest) async throws -> ProviderPayment {
        guard var record = try await record(request.payment.providerPaymentID) else {
            throw PasarelaError(.notFound, "the mock provider has no payment \(request.payment.providerPaymentID)")
        }
        if record.status == PaymentStatus.canceled.rawValue { return snapshot(of: record) }
        guard PaymentStatus(rawValue: record.status)?.isInFlight == true else {
            throw PasarelaError(.invalidState, "the mock provider cannot cancel a \(record.status) payment")
        }
        record.status = PaymentStatus.canceled.rawValue
        try await context.store.save(record, forKey: MockPaymentRecord.key(record.providerPaymentID))
        return snapshot(of: record)
    }

    func handleWebhook(_ request: ProviderWebhookRequest) async throws -> [NormalizedEvent] {
        guard let webhookSecret, !webhookSecret.isEmpty else {
            throw PasarelaError(.invalidSignature, "webhooks are disabled: instance \(context.instanceName) has no webhook_secret")
        }
        try MockWebhookSignature.verify(
            header: request.header(MockWebhookSignature.headerName), body: request.body, secret: webhookSecret,
            now: context.clock.now(), tolerance: webhookTolerance)
        let body: JSONValue
        do {
            body = try JSONValue.parse(request.body)
        } catch {
            throw PasarelaError(.malformedRequest, "the mock webhook body is not JSON: \(error)")
        }
        guard let eventID = body["id"]?.stringValue else {
            throw PasarelaError(.invalidRequest, "the mock webhook body needs a string field id")
        }
        if let providerRefundID = body["provider_refund_id"]?.stringValue {
            return try await refundEvent(id: eventID, providerRefundID: providerRefundID, status: body["status"]?.stringValue)
        }
        guard let providerPaymentID = body["provider_payment_id"]?.stringValue else {
            throw PasarelaError(.invalidRequest, "the mock webhook body needs a string field provider_payment_id or provider_refund_id")
        }
        guard let statusName = body["status"]?.stringValue, let status = PaymentStatus(rawValue: statusName) else {
            context.logger.info("mock webhook with an unknown status ignored", metadata: ["event_id": "\(eventID)"])
            return []
        }
        let failureCode = body["failure_code"]?.stringValue
        var paymentID: String?
        if var record = try await record(providerPaymentID) {
            paymentID = record.paymentID
            if PaymentStatus(rawValue: record.status)?.canAdvance(to: status) == true {
                record.status = status.rawValue
                record.failureCode = failureCode ?? record.failureCode
                try await context.store.save(record, forKey: MockPaymentRecord.key(providerPaymentID))
            }
        }
        let payment = ProviderPayment(
            providerPaymentID: providerPaymentID, status: status, providerStatus: status.rawValue, failureCode: failureCode)
        return [NormalizedEvent(id: eventID, type: status.eventType, payment: payment, paymentID: paymentID, occurredAt: context.clock.now())]
    }

    func record(_ providerPaymentID: String) async throws -> MockPaymentRecord? {
        try await context.store.load(MockPaymentRecord.self, forKey: MockPaymentRecord.key(providerPaymentID))
    }

    func snapshot(of record: MockPaymentRecord) -> ProviderPayment {
        let status = PaymentStatus(rawValue: record.status) ?? .pending
        return ProviderPayment(
            providerPaymentID: record.providerPaymentID, status: status, providerStatus: record.status,
            failureCode: record.failureCode,
            failureMessage: record.failureCode.map { "the mock provider declined the payment (\($0))" },
            refundedMinor: record.refundedMinor,
            amount: (try? Currency(code: record.currency)).map { Money(minor: record.amountMinor, currency: $0) })
    }

    /// A stable id derived from the host's id, so the mock is deterministic.
    static func derivedID(_ hostID: String) -> String {
        String(HMACSHA256.hex(key: "mock", message: Array(hostID.utf8)).prefix(24))
    }
}
