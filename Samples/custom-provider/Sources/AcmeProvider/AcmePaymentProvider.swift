import PasarelaKit

/// Acme Pay: approves a payment when its amount is within the approval limit, declines it
/// otherwise. Payments live in the module store the host provides, keyed by idempotency key,
/// so a retried create returns the first payment. Refunds, cancellation and webhooks are not
/// offered, and say so.
struct AcmePaymentProvider: PaymentProvider {
    let approvalLimitMinor: Int64
    let context: ModuleContext

    var moduleName: String { "acme" }
    var capabilities: ProviderCapabilities { [.create, .fetch] }

    init(options: ModuleOptions, context: ModuleContext) throws {
        guard options.string("api_key")?.hasPrefix("acme_") == true else {
            throw PasarelaError(.configuration, "api_key: an Acme Pay key starts with acme_")
        }
        approvalLimitMinor = Int64(options.integer("approval_limit_minor") ?? 100_000)
        self.context = context
    }

    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        let idempotencyKey = "idempotency/\(request.idempotencyKey)"
        if let earlier = try await context.store.load(String.self, forKey: idempotencyKey) {
            return try await fetchPayment(providerPaymentID: earlier)
        }
        let approved = request.amount.minor <= approvalLimitMinor
        let record = AcmePaymentRecord(
            id: "acme_\(request.paymentID)", amountMinor: request.amount.minor, currency: request.amount.currency.code,
            approved: approved)
        try await context.store.save(record, forKey: "payment/\(record.id)")
        try await context.store.save(record.id, forKey: idempotencyKey)
        context.logger.info("acme payment created", metadata: ["provider_payment_id": "\(record.id)", "approved": "\(approved)"])
        return record.snapshot
    }

    func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
        guard let record = try await context.store.load(AcmePaymentRecord.self, forKey: "payment/\(providerPaymentID)") else {
            throw PasarelaError(.notFound, "Acme Pay has no payment \(providerPaymentID)")
        }
        return record.snapshot
    }
}
